namespace SiotThing.Esp32Run;

/// <summary>
/// Where the emulator and the firmware are: each by its option or environment variable, or else
/// in one folder (<c>SIOT_ESP32_HOME</c>, by default <c>~/.cache/siot-esp32</c>) laid out as
/// <c>qemu/bin/qemu-system-xtensa</c>, <c>firmware/</c> (bootloader.bin, partition-table.bin,
/// nanoCLR.bin), <c>pe/</c> (the class libraries' .pe files, mscorlib.pe among them), <c>dll/</c>
/// (the same libraries' .dll files, to compile the application against) and
/// <c>mklittlefs/mklittlefs</c>. None of them is kept in this repository.
/// </summary>
/// <param name="Qemu">Espressif's QEMU with the esp32 machine.</param>
/// <param name="Firmware">The folder with the firmware's three images.</param>
/// <param name="Libraries">The folder with the class libraries' .pe files.</param>
/// <param name="MkLittleFs">The littlefs image tool.</param>
public sealed record Esp32Tools(string Qemu, string Firmware, string Libraries, string MkLittleFs)
{
    /// <summary>The folder with the class libraries' .dll files: <c>dll/</c> beside <see cref="Libraries"/>.</summary>
    public string LibraryAssemblies => Path.Combine(Path.GetDirectoryName(Path.GetFullPath(Libraries).TrimEnd('/'))!, "dll");

    /// <summary>The environment variable of the tools' folder.</summary>
    public const string HomeVariable = "SIOT_ESP32_HOME";

    /// <summary>The firmware's images, by file name.</summary>
    public static readonly string[] FirmwareFiles = ["bootloader.bin", "partition-table.bin", "nanoCLR.bin"];

    /// <summary>The default tools folder, outside any repository.</summary>
    public static string DefaultHome =>
        Environment.GetEnvironmentVariable(HomeVariable) is { Length: > 0 } home
            ? home
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "siot-esp32");

    /// <summary>Picks each tool from its option, else its environment variable, else the default folder.</summary>
    /// <param name="qemu">The --qemu option.</param>
    /// <param name="firmware">The --firmware option.</param>
    /// <param name="libraries">The --libraries option.</param>
    /// <param name="mkLittleFs">The --mklittlefs option.</param>
    /// <returns>The tools.</returns>
    public static Esp32Tools Locate(string? qemu = null, string? firmware = null, string? libraries = null, string? mkLittleFs = null) => new(
        qemu ?? Variable("SIOT_ESP32_QEMU") ?? Path.Combine(DefaultHome, "qemu", "bin", "qemu-system-xtensa"),
        firmware ?? Variable("SIOT_ESP32_FIRMWARE") ?? Path.Combine(DefaultHome, "firmware"),
        libraries ?? Variable("SIOT_ESP32_LIBRARIES") ?? Path.Combine(DefaultHome, "pe"),
        mkLittleFs ?? Variable("SIOT_ESP32_MKLITTLEFS") ?? Path.Combine(DefaultHome, "mklittlefs", "mklittlefs"));

    /// <summary>What is missing, each with the setting that names it; empty when all is there.</summary>
    /// <returns>The missing tools.</returns>
    public IEnumerable<string> Missing()
    {
        if (!File.Exists(Qemu))
        {
            yield return $"the emulator {Qemu} (--qemu, SIOT_ESP32_QEMU)";
        }

        foreach (var file in FirmwareFiles.Where(f => !File.Exists(Path.Combine(Firmware, f))))
        {
            yield return $"the firmware's {file} in {Firmware} (--firmware, SIOT_ESP32_FIRMWARE)";
        }

        if (!File.Exists(Path.Combine(Libraries, "mscorlib.pe")))
        {
            yield return $"the class libraries' .pe files, mscorlib.pe among them, in {Libraries} (--libraries, SIOT_ESP32_LIBRARIES)";
        }

        if (!File.Exists(MkLittleFs))
        {
            yield return $"mklittlefs at {MkLittleFs} (--mklittlefs, SIOT_ESP32_MKLITTLEFS)";
        }
    }

    private static string? Variable(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;
}
