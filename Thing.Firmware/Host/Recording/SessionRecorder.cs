using System.Text;

namespace SiotThing.Firmware.Host.Recording;

/// <summary>
/// Writes a recording of the thing's session at the core's boundary (docs/replay.md): every call
/// the host makes into the client and the agent is a step, with its time and input, and what the
/// core did at its ports during the call (entropy drawn, flash read and written, display, pin,
/// bytes handed out) follows it as events. A replay feeds the same inputs to the same core on any
/// runtime and expects the same outputs, byte for byte.
/// </summary>
/// <remarks>
/// One step at a time: <see cref="Begin"/> takes a lock that <see cref="End"/> releases, so that
/// a local switch on the console thread becomes a step of its own between the connection loop's
/// steps. A port used outside a step would make the recording unreplayable, so it throws.
/// Each step is written through to the file at its end: a killed process leaves every finished
/// step readable. Without a recorder (the default) none of this runs.
/// </remarks>
public sealed class SessionRecorder : IDisposable
{
    /// <summary>The first bytes of a recording file.</summary>
    public static readonly byte[] Header = Encoding.ASCII.GetBytes("siot-replay 1\n");

    private readonly object sync = new();
    private readonly FileStream file;
    private readonly MemoryStream step = new();
    private readonly byte[] lengthBuffer = new byte[10];

    private SessionRecorder(FileStream file, byte[] configuration)
    {
        this.file = file;
        Configuration = configuration;
    }

    /// <summary>The configuration file the thing was started with: a replay makes the core from it (the boot step).</summary>
    public byte[] Configuration { get; }

    /// <summary>Opens a recording file, adding to it when it exists: each start of the thing (a boot) adds its steps.</summary>
    /// <param name="path">The file.</param>
    /// <param name="configuration">The configuration file's bytes, as the thing read them.</param>
    /// <returns>The recorder.</returns>
    public static SessionRecorder Append(string path, byte[] configuration)
    {
        var file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
        if (file.Length == 0)
        {
            file.Write(Header);
            file.Flush();
        }

        return new SessionRecorder(file, configuration);
    }

    /// <summary>Starts a step; its payload and the events during it follow, then <see cref="End"/>.</summary>
    /// <param name="kind">What the host calls.</param>
    /// <param name="now">The time it passes, in milliseconds.</param>
    /// <returns>This recorder, for the payload.</returns>
    public SessionRecorder Begin(SessionStep kind, long now)
    {
        Monitor.Enter(sync);
        step.SetLength(0);
        step.WriteByte((byte)kind);
        return Number(now);
    }

    /// <summary>Adds an event of the current step; its payload follows.</summary>
    /// <param name="kind">What the core did at a port.</param>
    /// <returns>This recorder, for the payload.</returns>
    /// <exception cref="InvalidOperationException">No step is being recorded on this thread.</exception>
    public SessionRecorder Event(SessionEvent kind)
    {
        if (!Monitor.IsEntered(sync))
        {
            throw new InvalidOperationException($"the core used a port ({kind}) outside a recorded step: the recording could not be replayed");
        }

        step.WriteByte((byte)kind);
        return this;
    }

    /// <summary>Adds a non-negative number (unsigned LEB128).</summary>
    /// <param name="value">The number.</param>
    /// <returns>This recorder.</returns>
    public SessionRecorder Number(long value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        var count = Leb128(value, lengthBuffer);
        step.Write(lengthBuffer, 0, count);
        return this;
    }

    /// <summary>Adds bytes: their count, then them.</summary>
    /// <param name="bytes">The bytes.</param>
    /// <returns>This recorder.</returns>
    public SessionRecorder Bytes(ReadOnlySpan<byte> bytes)
    {
        Number(bytes.Length);
        step.Write(bytes);
        return this;
    }

    /// <summary>Adds bytes that may be missing: their count plus one (0: none), then them.</summary>
    /// <param name="bytes">The bytes, or null.</param>
    /// <returns>This recorder.</returns>
    public SessionRecorder OptionalBytes(byte[]? bytes)
    {
        if (bytes == null)
        {
            return Number(0);
        }

        Number(bytes.Length + 1);
        step.Write(bytes);
        return this;
    }

    /// <summary>Adds a text that may be missing, as UTF-8 (see <see cref="OptionalBytes"/>).</summary>
    /// <param name="text">The text, or null.</param>
    /// <returns>This recorder.</returns>
    public SessionRecorder Text(string? text) => OptionalBytes(text == null ? null : Encoding.UTF8.GetBytes(text));

    /// <summary>Adds a yes/no as one byte.</summary>
    /// <param name="value">The value.</param>
    /// <returns>This recorder.</returns>
    public SessionRecorder Flag(bool value)
    {
        step.WriteByte(value ? (byte)1 : (byte)0);
        return this;
    }

    /// <summary>Ends the step: writes it (its length, then it) through to the file.</summary>
    public void End()
    {
        try
        {
            var count = Leb128(step.Length, lengthBuffer);
            file.Write(lengthBuffer, 0, count);
            file.Write(step.GetBuffer(), 0, (int)step.Length);
            file.Flush();
        }
        finally
        {
            Monitor.Exit(sync);
        }
    }

    /// <inheritdoc />
    public void Dispose() => file.Dispose();

    private static int Leb128(long value, byte[] destination)
    {
        var count = 0;
        do
        {
            var low = (byte)(value & 0x7F);
            value >>= 7;
            destination[count++] = value == 0 ? low : (byte)(low | 0x80);
        }
        while (value != 0);
        return count;
    }
}
