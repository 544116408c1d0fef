using System.Diagnostics;

namespace SiotThing.Esp32Run;

/// <summary>
/// One emulated ESP32 in Espressif's QEMU (machine <c>esp32</c>): the flash image and the eFuses
/// in files of its own folder (QEMU writes flash writes back into the file), openeth Ethernet on
/// QEMU's user network (the guest gets 10.0.2.15 by DHCP; 10.0.2.2 is the host's 127.0.0.1), the
/// first UART as the serial console, the timer groups' watchdogs off (the emulation is slower
/// than a chip). Every line of the console is kept, written to <c>serial.log</c> and passed on.
/// </summary>
public sealed class Emulator : IDisposable
{
    private readonly Process process;
    private readonly List<string> lines = [];
    private readonly StreamWriter log;
    private readonly Action<string>? onLine;
    private readonly SemaphoreSlim changed = new(0);

    private Emulator(Process process, StreamWriter log, Action<string>? onLine)
    {
        this.process = process;
        this.log = log;
        this.onLine = onLine;
    }

    /// <summary>The console's lines so far.</summary>
    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (lines)
            {
                return [.. lines];
            }
        }
    }

    /// <summary>Whether QEMU has ended.</summary>
    public bool HasExited => process.HasExited;

    /// <summary>Boots <paramref name="flash"/> in a new emulator.</summary>
    /// <param name="qemu">The emulator.</param>
    /// <param name="flash">The whole flash (<see cref="FlashImage.Size"/> bytes).</param>
    /// <param name="folder">Where the flash, the eFuses and serial.log go.</param>
    /// <param name="onLine">Called with every console line, on a background thread.</param>
    /// <returns>The running emulator.</returns>
    public static Emulator Boot(string qemu, byte[] flash, string folder, Action<string>? onLine)
    {
        Directory.CreateDirectory(folder);
        var flashPath = Path.Combine(folder, "flash.bin");
        var efusePath = Path.Combine(folder, "efuse.bin");
        File.WriteAllBytes(flashPath, flash);
        File.WriteAllBytes(efusePath, Efuse.Revision3());
        var start = new ProcessStartInfo(qemu,
        [
            "-nographic", "-machine", "esp32",
            "-drive", $"file={flashPath},if=mtd,format=raw",
            "-drive", $"file={efusePath},if=none,format=raw,id=efuse",
            "-global", "driver=nvram.esp32.efuse,property=drive,value=efuse",
            "-global", "driver=timer.esp32.timg,property=wdt_disable,value=true",
            "-nic", "user,model=open_eth",
            "-serial", "stdio", "-monitor", "none",
        ])
        {
            WorkingDirectory = folder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var log = new StreamWriter(Path.Combine(folder, "serial.log")) { AutoFlush = true };
        var process = new Process { StartInfo = start };
        var emulator = new Emulator(process, log, onLine);
        process.OutputDataReceived += (_, e) => emulator.Add(e.Data);
        process.ErrorDataReceived += (_, e) => emulator.Add(e.Data is null ? null : "qemu: " + e.Data);
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            log.Dispose();
            throw new Esp32RunException($"{qemu} could not be started: {e.Message}");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return emulator;
    }

    /// <summary>Waits until a console line matches (counting lines already there from <paramref name="from"/> on).</summary>
    /// <param name="match">What to wait for.</param>
    /// <param name="limit">How long to wait.</param>
    /// <param name="from">The index of the first line to look at.</param>
    /// <returns>The index of the matching line, or -1 when none came in time or QEMU ended.</returns>
    public async Task<int> WaitForLine(Func<string, bool> match, TimeSpan limit, int from = 0)
    {
        var until = DateTime.UtcNow + limit;
        var next = from;
        while (true)
        {
            var seen = Lines;
            for (; next < seen.Count; next++)
            {
                if (match(seen[next]))
                {
                    return next;
                }
            }

            var left = until - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || process.HasExited)
            {
                return -1;
            }

            await changed.WaitAsync(left < TimeSpan.FromSeconds(1) ? left : TimeSpan.FromSeconds(1));
        }
    }

    /// <summary>Ends QEMU (the chip loses power).</summary>
    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        process.WaitForExit();
        process.Dispose();
        lock (lines)
        {
            log.Dispose();
        }
    }

    private void Add(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (lines)
        {
            lines.Add(line);
            log.WriteLine(line);
        }

        onLine?.Invoke(line);
        changed.Release();
    }
}
