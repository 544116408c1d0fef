using System.Diagnostics;

namespace SiotThing.Esp32Run;

/// <summary>
/// Makes the config partition's littlefs image (the firmware's <c>I:\</c>) with mklittlefs, in
/// the geometry nanoFramework's ESP32 firmware mounts it with (esp_littlefs: 4096-byte blocks,
/// 128-byte reads and programs, 512-byte cache, 128-byte lookahead, 512 block cycles). An image the
/// firmware cannot mount would be formatted silently at boot, the files lost: the log then says
/// the configuration file is missing.
/// </summary>
public static class LittleFsImage
{
    /// <summary>Builds the image.</summary>
    /// <param name="mklittlefs">The mklittlefs program.</param>
    /// <param name="files">The files, by name, for the drive's root.</param>
    /// <param name="size">The partition's size in bytes.</param>
    /// <param name="work">A folder for the files and the image.</param>
    /// <returns>The image, <paramref name="size"/> bytes.</returns>
    public static byte[] Build(string mklittlefs, IReadOnlyList<(string Name, byte[] Bytes)> files, int size, string work)
    {
        var folder = Path.Combine(work, "config-files");
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, true);
        }

        Directory.CreateDirectory(folder);
        foreach (var (name, content) in files)
        {
            File.WriteAllBytes(Path.Combine(folder, name), content);
        }

        var image = Path.Combine(work, "config.bin");
        var start = new ProcessStartInfo(mklittlefs, ["-c", folder, "-s", size.ToString(), "-b", "4096", "-r", "128", "-p", "128", "-m", "512", "-t", "128", "-e", "512", image])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new Esp32RunException($"{mklittlefs} could not be started");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new Esp32RunException($"{mklittlefs} failed ({process.ExitCode}): {error.Trim()} {output.Result.Trim()}");
        }

        var bytes = File.ReadAllBytes(image);
        return bytes.Length == size ? bytes : throw new Esp32RunException($"mklittlefs made {bytes.Length} bytes, not {size}");
    }
}
