using System.CommandLine;
using SiotThing.Esp32Run;

// Boots the thing's firmware on an emulated ESP32 (README, "The firmware on an emulated ESP32").
// Without the emulator or the firmware it says so in one line and exits 0: skipped, not failed.
var qemuOption = new Option<string?>("--qemu") { Description = "Espressif's QEMU (default: $SIOT_ESP32_QEMU, else qemu/bin/qemu-system-xtensa in $SIOT_ESP32_HOME or ~/.cache/siot-esp32)" };
var firmwareOption = new Option<string?>("--firmware") { Description = "folder with bootloader.bin, partition-table.bin and nanoCLR.bin (default: $SIOT_ESP32_FIRMWARE, else firmware/ there)" };
var librariesOption = new Option<string?>("--libraries") { Description = "folder with the class libraries' .pe files, mscorlib.pe among them (default: $SIOT_ESP32_LIBRARIES, else pe/ there)" };
var mklittlefsOption = new Option<string?>("--mklittlefs") { Description = "the littlefs image tool (default: $SIOT_ESP32_MKLITTLEFS, else mklittlefs/mklittlefs there)" };
var appOption = new Option<FileInfo[]>("--app") { Description = "the application's .pe files, deployed after the libraries (default: Thing.Protocol and Thing.Firmware compiled from this repository's .nfproj lists against the libraries' .dll files in dll/ beside --libraries, converted with tools/NanoRun's metadata processor)", AllowMultipleArgumentsPerToken = true };
var configOption = new Option<FileInfo?>("--config") { Description = "thing.conf, put in I:\\ (the config partition)" };
var caOption = new Option<FileInfo?>("--ca") { Description = "a CA certificate, put in I:\\ as ca.pem" };
var workOption = new Option<DirectoryInfo>("--work") { Description = "where the flash image, the eFuses and serial.log go", DefaultValueFactory = _ => new DirectoryInfo(Path.Combine("artifacts", "esp32-run")) };
var secondsOption = new Option<int>("--seconds") { Description = "how long to run", DefaultValueFactory = _ => 60 };
var untilOption = new Option<string?>("--until") { Description = "stop (exit 0) once a console line contains this; exit 1 if none does in time" };
var root = new RootCommand("Boots the thing's firmware on an emulated ESP32 and shows its serial console")
{
    qemuOption, firmwareOption, librariesOption, mklittlefsOption, appOption, configOption, caOption, workOption, secondsOption, untilOption,
};
root.SetAction(async (result, cancel) =>
{
    var tools = Esp32Tools.Locate(result.GetValue(qemuOption), result.GetValue(firmwareOption), result.GetValue(librariesOption), result.GetValue(mklittlefsOption));
    var missing = tools.Missing().ToList();
    if (missing.Count > 0)
    {
        Console.WriteLine($"ESP32 emulator run skipped: missing {string.Join("; ", missing)} (README, \"The firmware on an emulated ESP32\")");
        return 0;
    }

    try
    {
        var work = result.GetValue(workOption)!.FullName;
        Directory.CreateDirectory(work);
        var files = new List<(string, byte[])>();
        if (result.GetValue(configOption) is { } config)
        {
            files.Add(("thing.conf", File.ReadAllBytes(config.FullName)));
        }

        if (result.GetValue(caOption) is { } ca)
        {
            files.Add(("ca.pem", File.ReadAllBytes(ca.FullName)));
        }

        var application = (result.GetValue(appOption) ?? []).Select(f => f.FullName).ToList();
        if (application.Count == 0)
        {
            var nano = SiotThing.NanoRun.NanoTools.Locate(null, null, null);
            application = [.. ApplicationBuild.Build(RepositoryRoot(), tools.LibraryAssemblies, nano.MetadataProcessor, Path.Combine(work, "app"))];
        }

        var deployment = Deployment.Assemblies(tools.Libraries, application);
        var flash = Deployment.Flash(tools, deployment, files, work);
        Console.WriteLine($"esp32-run: {deployment.Count} assemblies ({FlashImage.DeploymentSize(deployment):N0} bytes) in the deploy partition; I:\\ holds {string.Join(", ", files.Select(f => f.Item1))}");
        using var emulator = Emulator.Boot(tools.Qemu, flash, work, Console.WriteLine);
        var until = result.GetValue(untilOption);
        var limit = TimeSpan.FromSeconds(result.GetValue(secondsOption));
        if (until is null)
        {
            await emulator.WaitForLine(_ => false, limit);
            return 0;
        }

        if (await emulator.WaitForLine(line => line.Contains(until, StringComparison.Ordinal), limit) >= 0)
        {
            return 0;
        }

        Console.Error.WriteLine($"esp32-run: no console line with \"{until}\" within {limit.TotalSeconds:0} s (serial log: {Path.Combine(work, "serial.log")})");
        return 1;
    }
    catch (Esp32RunException e)
    {
        Console.Error.WriteLine($"esp32-run: {e.Message}");
        return 1;
    }
});
return await root.Parse(args).InvokeAsync();

// The repository this runs from: the folder above that holds SiotThing.slnx.
static string RepositoryRoot()
{
    for (var folder = new DirectoryInfo(Environment.CurrentDirectory); folder != null; folder = folder.Parent)
    {
        if (File.Exists(Path.Combine(folder.FullName, "SiotThing.slnx")))
        {
            return folder.FullName;
        }
    }

    throw new Esp32RunException("run it inside the repository (no SiotThing.slnx above the current folder), or give --app");
}
