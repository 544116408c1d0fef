using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace SiotThing.TestServers;

/// <summary>
/// A real PostgreSQL (Debian's package) started for a test: a fresh cluster in its own temp folder,
/// listening on 127.0.0.1 on a port chosen by the kernel and on a unix socket in that folder, with
/// trust authentication for the superuser <see cref="Superuser"/>. PostgreSQL refuses to run as
/// root, so under root the cluster belongs to, and the server runs as, the <c>postgres</c> system
/// user that the package creates. Databases are made with <see cref="CreateDatabaseAsync"/>.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    /// <summary>Where Debian installs PostgreSQL, one folder per major version.</summary>
    public const string InstallRoot = "/usr/lib/postgresql";

    /// <summary>The cluster's superuser, which the tests connect as.</summary>
    public const string Superuser = "siot";

    // The system user Debian's package creates; owns the cluster when the tests run as root.
    private const string SystemUser = "postgres";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly StringBuilder log = new();
    private int databases;
    private Process? process;

    private PostgresServer(string folder, string binFolder)
    {
        Folder = folder;
        BinFolder = binFolder;
        Port = FreePorts.Take(1)[0];
    }

    /// <summary>The server's temp folder: the cluster in data/, and the unix socket.</summary>
    public string Folder { get; }

    /// <summary>The cluster's data folder.</summary>
    public string DataFolder => Path.Combine(Folder, "data");

    /// <summary>The folder of the PostgreSQL programs used (the newest installed version).</summary>
    public string BinFolder { get; }

    /// <summary>The TCP port, on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>Whether the server process is running.</summary>
    public bool IsRunning => process is { HasExited: false };

    /// <summary>The server process's id while it runs (to check that it is gone after disposal).</summary>
    public int? ProcessId => IsRunning ? process!.Id : null;

    /// <summary>Creates a cluster in a new temp folder and starts the server.</summary>
    /// <returns>The running server.</returns>
    public static async Task<PostgresServer> StartNewAsync()
    {
        var binFolder = FindBinFolder();
        var folder = Directory.CreateTempSubdirectory("siot-postgres-").FullName;
        var server = new PostgresServer(folder, binFolder);
        try
        {
            if (RunsAsRoot)
            {
                var chown = await RunAsync("chown", [$"{SystemUser}:{SystemUser}", folder], asServerUser: false);
                if (chown.ExitCode != 0)
                {
                    throw new InvalidOperationException($"chown {SystemUser} {folder} failed ({chown.ExitCode}): {chown.Output}");
                }
            }

            // Trust on loopback and the private socket only; no fsync, for speed: the cluster is thrown away.
            var initdb = await RunAsync(
                Path.Combine(binFolder, "initdb"),
                ["-D", server.DataFolder, "-U", Superuser, "--auth=trust", "-E", "UTF8", "--no-locale", "--no-sync"],
                asServerUser: true);
            if (initdb.ExitCode != 0)
            {
                throw new InvalidOperationException($"initdb failed ({initdb.ExitCode}): {initdb.Output}");
            }

            await server.StartAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the server (again) and waits until it accepts connections.</summary>
    public async Task StartAsync()
    {
        if (IsRunning)
        {
            return;
        }

        // postgres itself in the foreground (not pg_ctl), so that this process is the server's
        // parent and owns its life; under root, setpriv execs it as the postgres user in place.
        var (file, arguments) = AsServerUser(Path.Combine(BinFolder, "postgres"),
        [
            "-D", DataFolder,
            "-c", "listen_addresses=127.0.0.1",
            "-p", Port.ToString(),
            "-k", Folder,
            "-c", "fsync=off",
        ]);
        var start = new ProcessStartInfo(file, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Folder,
        };
        var logBefore = ReadLog().Length;
        process = ServerProcesses.StartCapturing(start, "postgres", AppendLog);

        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            var started = ReadLog()[logBefore..];
            if (process.HasExited)
            {
                var exitCode = process.ExitCode;
                await StopAsync();
                throw new InvalidOperationException($"postgres exited with {exitCode}; log:\n{started}");
            }

            // The port opens before recovery ends; the server says when it takes connections.
            if (started.Contains("database system is ready to accept connections", StringComparison.Ordinal) && await ServerProcesses.AcceptsAsync(Port))
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                await StopAsync();
                throw new TimeoutException($"postgres was not ready within {StartTimeout.TotalSeconds} s; log:\n{started}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Creates a new, empty database.</summary>
    /// <returns>An Npgsql connection string for it, as <see cref="Superuser"/> over TCP.</returns>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = $"test{Interlocked.Increment(ref databases)}";
        var result = await RunAsync(Path.Combine(BinFolder, "createdb"), ["-h", "127.0.0.1", "-p", Port.ToString(), "-U", Superuser, name], asServerUser: false);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"createdb {name} failed ({result.ExitCode}): {result.Output}");
        }

        return ConnectionString(name);
    }

    /// <summary>The Npgsql connection string of a database of this server.</summary>
    /// <param name="database">The database's name.</param>
    /// <returns>The connection string.</returns>
    public string ConnectionString(string database) => $"Host=127.0.0.1;Port={Port};Username={Superuser};Database={database}";

    /// <summary>Runs SQL with psql, the way an admin would.</summary>
    /// <param name="database">The database.</param>
    /// <param name="sql">The statements.</param>
    /// <returns>psql's exit code and output (quiet, unaligned, tuples only).</returns>
    public Task<(int ExitCode, string Output)> PsqlAsync(string database, string sql) =>
        RunAsync(Path.Combine(BinFolder, "psql"), ["-h", "127.0.0.1", "-p", Port.ToString(), "-U", Superuser, "-d", database, "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-c", sql], asServerUser: false);

    /// <summary>Stops the server (fast shutdown, then SIGKILL after 10 s); the cluster stays for the next start.</summary>
    public async Task StopAsync()
    {
        if (process == null)
        {
            return;
        }

        // SIGINT is PostgreSQL's fast shutdown: it ends the sessions instead of waiting for them (SIGTERM would wait).
        await ServerProcesses.TerminateAsync(process, process.Id, TimeSpan.FromSeconds(10), ServerProcesses.SignalInterrupt);

        process.Dispose();
        process = null;
    }

    /// <summary>What the server logged so far (it logs to stderr).</summary>
    /// <returns>The log text, or empty before the first start.</returns>
    public string ReadLog()
    {
        lock (log)
        {
            return log.ToString();
        }
    }

    /// <summary>Stops the server and deletes its folder.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is not worth failing a test for.
        }
    }

    [DllImport("libc", EntryPoint = "geteuid")]
    private static extern uint GetEffectiveUserId();

    private static bool RunsAsRoot => GetEffectiveUserId() == 0;

    private static string FindBinFolder()
    {
        // The newest major version, so that the harness follows the distribution's PostgreSQL.
        var bin = Directory.Exists(InstallRoot)
            ? Directory.EnumerateDirectories(InstallRoot)
                .Select(d => (Folder: Path.Combine(d, "bin"), Version: int.TryParse(Path.GetFileName(d), out var v) ? v : -1))
                .Where(d => d.Version >= 0 && File.Exists(Path.Combine(d.Folder, "postgres")))
                .OrderByDescending(d => d.Version)
                .Select(d => d.Folder)
                .FirstOrDefault()
            : null;
        return bin ?? throw new InvalidOperationException($"PostgreSQL is not installed (no {InstallRoot}/<version>/bin/postgres): apt-get install postgresql (tools/test does it)");
    }

    /// <summary>The command line that runs <paramref name="file"/> as the server's user: itself unless this process is root.</summary>
    private static (string File, string[] Arguments) AsServerUser(string file, string[] arguments) =>
        RunsAsRoot
            ? ("setpriv", ["--reuid", SystemUser, "--regid", SystemUser, "--init-groups", "--", file, .. arguments])
            : (file, arguments);

    private static Task<(int ExitCode, string Output)> RunAsync(string file, string[] arguments, bool asServerUser)
    {
        var (command, commandArguments) = asServerUser ? AsServerUser(file, arguments) : (file, arguments);
        // The postgres user may not enter the caller's working folder.
        return ServerProcesses.RunAsync(command, commandArguments, new Dictionary<string, string?>(), workingDirectory: "/");
    }

    private void AppendLog(string? line)
    {
        if (line == null)
        {
            return;
        }

        lock (log)
        {
            log.AppendLine(line);
        }
    }
}
