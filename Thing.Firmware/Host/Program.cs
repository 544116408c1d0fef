using System.CommandLine;
using SiotThing.Firmware.Host;
using SiotThing.Firmware.Host.Recording;
using SiotThing.Protocol.Configuration;

// The thing on .NET. Reads its configuration (deploy/thing.conf.template documents it), keeps its
// state in a folder, and takes the button and local switches as console commands.
var configOption = new Option<FileInfo>("--config") { Description = "the thing's configuration file (key = value lines)", Required = true };
var stateOption = new Option<DirectoryInfo>("--state") { Description = "folder for the thing's state (claim key, owner, pending requests)", DefaultValueFactory = _ => new DirectoryInfo("thing-state") };
var recordOption = new Option<FileInfo?>("--record") { Description = "record the session at the core's boundary into this file, added to it (docs/replay.md; off by default)" };
var root = new RootCommand("SiotThing: a Simple Internet of Things thing (siot ProtoXEP) on .NET, with GPIO or simulated hardware")
{
    configOption,
    stateOption,
    recordOption,
};
root.SetAction(async (result, cancellation) =>
{
    var configFile = result.GetValue(configOption)!;
    byte[]? bytes = configFile.Exists ? await File.ReadAllBytesAsync(configFile.FullName, cancellation) : null;
    var settings = ThingSettings.Parse(bytes, onDevice: false);
    if (settings.Error != null)
    {
        Console.Error.WriteLine($"{configFile.FullName}: {settings.Error}");
        return 2;
    }

    var log = new ConsoleLog();
    ThingHost thing;
    try
    {
        var recording = result.GetValue(recordOption);
        thing = new ThingHost(settings, result.GetValue(stateOption)!.FullName, log, recording == null ? null : SessionRecorder.Append(recording.FullName, bytes!));
    }
    catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
    {
        // A missing or unreadable CA certificate or state folder: say which, do not crash.
        Console.Error.WriteLine($"{configFile.FullName}: {e.Message}");
        return 2;
    }

    log.Write($"{settings.Names[0]} ({settings.Jid}), a {settings.DeviceKind}; commands: {string.Join(", ", CommandNames(thing))} (help says more)");
    thing.Start();

    using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
    _ = Task.Run(() => ReadCommands(thing, stopping), CancellationToken.None);
    try
    {
        await Task.Delay(Timeout.Infinite, stopping.Token);
    }
    catch (OperationCanceledException)
    {
        // Ctrl+C, SIGTERM or "quit".
    }

    await thing.StopAsync();
    return 0;
});
return await root.Parse(args).InvokeAsync();

// The console stands in for the button and for local switches. Without a console (stdin
// closed, as under a service manager) the thing just runs until it is stopped.
static void ReadCommands(ThingHost thing, CancellationTokenSource stopping)
{
    string? line;
    while ((line = Console.ReadLine()) != null)
    {
        switch (line.Trim().ToLowerInvariant())
        {
            case "":
                break;
            case "quit":
                stopping.Cancel();
                return;
            case "help":
            case "?":
                Console.WriteLine(Help(thing));
                break;
            case "key":
                // The button's short press: show the key again (only while unclaimed).
                Console.WriteLine(thing.Agent.Owner == null ? $"claim key: {thing.Agent.ClaimKeyText}" : $"owned by {thing.Agent.Owner}; the key is not shown");
                break;
            case "reset":
                thing.FactoryReset();
                break;
            case "drop":
                thing.Connection.AbortConnection();
                break;
            case var command:
                Console.WriteLine(thing.Operate(command) is { } state ? $"the {thing.Settings.DeviceKind} is {state}" : $"unknown command '{command}'; the commands: {string.Join(", ", CommandNames(thing))}");
                break;
        }
    }
}

static IEnumerable<string> CommandNames(ThingHost thing) =>
    ["help", "key", "reset", "drop", .. thing.Device.Commands, .. (thing.Settings.DeviceKind == "sensor" ? new[] { "high", "low" } : []), "quit"];

// What each command does, and the state now: the key matters only while the thing is unclaimed.
static string Help(ThingHost thing)
{
    var owner = thing.Agent.Owner;
    var lines = new List<string>
    {
        owner == null
            ? $"now: unclaimed; claim it with its name \"{thing.Settings.Names[0]}\" and the key {thing.Agent.ClaimKeyText}"
            : $"now: owned by {owner}; friends are approved by the owner",
        owner == null ? "  key       show the claim key again (the button's short press)" : "  key       (shows the claim key only while the thing is unclaimed)",
        "  reset     factory reset, the button's long press: forget the owner and friends, make a new key",
        "  drop      drop the connection without closing the stream, as lost Wi-Fi would: the thing resumes it",
    };
    foreach (var command in thing.Device.Commands)
    {
        var what = command switch
        {
            "on" or "off" => $"switch the {thing.Settings.DeviceKind} {command}, as a switch on it would",
            "toggle" => $"switch the {thing.Settings.DeviceKind} over",
            "status" or "read" => $"show the {thing.Settings.DeviceKind}'s state",
            _ => $"the {thing.Settings.DeviceKind}'s command {command}",
        };
        lines.Add($"  {command,-9} {what}");
    }

    if (thing.Settings.DeviceKind == "sensor")
    {
        lines.Add("  high, low set the simulated sensor's level");
    }

    lines.Add("  quit      close the connection cleanly and stop (Ctrl+C does the same)");
    return string.Join(Environment.NewLine, lines);
}
