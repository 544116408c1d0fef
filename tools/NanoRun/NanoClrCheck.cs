using System.Runtime.InteropServices;

namespace SiotThing.NanoRun;

/// <summary>
/// Whether a file can be started as the nanoCLR on this machine, said in one line when it cannot:
/// missing, without the run bit, an ELF program for another machine (a 32-bit or an ARM build on an
/// x86-64 host: run it through a wrapper script that calls the emulator), or one whose shared
/// library the loader does not find (the POSIX target's executable loads
/// <c>lib/nanoFramework.nanoCLR.so</c> by an absolute path into its build folder, so moving the
/// executable alone breaks it). The last shows only when it runs: <see cref="LoaderFailure"/>.
/// </summary>
public static class NanoClrCheck
{
    /// <summary>What keeps <paramref name="nanoClr"/> from starting, or <c>null</c> when nothing visible does.</summary>
    /// <param name="nanoClr">The nanoCLR's path.</param>
    /// <returns>One line naming the file and why, or null.</returns>
    public static string? Problem(string nanoClr)
    {
        if (!File.Exists(nanoClr))
        {
            return $"the nanoCLR {nanoClr} does not exist";
        }

        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(nanoClr) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) == 0)
        {
            return $"the nanoCLR {nanoClr} cannot be started: it has no run bit (chmod +x {nanoClr})";
        }

        var header = new byte[20];
        using (var file = File.OpenRead(nanoClr))
        {
            if (file.Read(header, 0, header.Length) < header.Length || header[0] != 0x7F || header[1] != (byte)'E' || header[2] != (byte)'L' || header[3] != (byte)'F')
            {
                // A script (a wrapper that runs it under an emulator) or another format: the kernel decides.
                return null;
            }
        }

        var machine = header[18] | (header[19] << 8);
        var built = Machine(header[4], machine);
        var here = RuntimeInformation.OSArchitecture;
        return built == here.ToString()
            ? null
            : $"the nanoCLR {nanoClr} cannot be started: it is built for {built}, this machine is {here} (build it for {here}, or start it through a wrapper script that runs it under an emulator)";
    }

    /// <summary>
    /// Whether a run's output is the dynamic loader's refusal (exit 127, "error while loading shared
    /// libraries"), said as one line naming the file and the library; else <c>null</c>.
    /// </summary>
    /// <param name="nanoClr">The nanoCLR's path.</param>
    /// <param name="exitCode">How the run ended.</param>
    /// <param name="output">What it printed.</param>
    /// <returns>The line, or null.</returns>
    public static string? LoaderFailure(string nanoClr, int? exitCode, IEnumerable<string> output)
    {
        if (exitCode != 127)
        {
            return null;
        }

        var line = output.FirstOrDefault(l => l.Contains("error while loading shared libraries", StringComparison.Ordinal));
        return line is null ? null : $"the nanoCLR {nanoClr} cannot be started: {line[(line.IndexOf("error while loading", StringComparison.Ordinal))..]} (it finds its library by the path it was built with: keep its build folder where it was built, or rebuild it)";
    }

    // ELF's class (1: 32-bit, 2: 64-bit) and e_machine, named as .NET names architectures.
    private static string Machine(byte elfClass, int machine) => machine switch
    {
        62 => "X64",
        3 => "X86",
        183 => "Arm64",
        40 => "Arm",
        _ => $"another machine (ELF machine {machine}, {(elfClass == 2 ? "64" : "32")}-bit)",
    };
}
