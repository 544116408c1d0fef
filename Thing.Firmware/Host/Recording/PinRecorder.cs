using SiotThing.Protocol.Ports;

namespace SiotThing.Firmware.Host.Recording;

/// <summary>Uses the device's pin and records its reads (replayed) and writes (compared).</summary>
/// <param name="output">The real output (the bulb's relay).</param>
/// <param name="input">The real input (the sensor).</param>
/// <param name="recorder">The recording.</param>
public sealed class PinRecorder(IDigitalOutput output, IDigitalInput input, SessionRecorder recorder) : IDigitalOutput, IDigitalInput
{
    /// <inheritdoc />
    public void Write(bool high)
    {
        recorder.Event(SessionEvent.PinWrite).Flag(high);
        output.Write(high);
    }

    /// <inheritdoc />
    public bool Read()
    {
        var level = input.Read();
        recorder.Event(SessionEvent.PinRead).Flag(level);
        return level;
    }
}
