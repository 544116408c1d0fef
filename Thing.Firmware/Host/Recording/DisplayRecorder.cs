using SiotThing.Protocol.Ports;

namespace SiotThing.Firmware.Host.Recording;

/// <summary>Shows on a display and records what the core showed.</summary>
/// <param name="inner">The real display.</param>
/// <param name="recorder">The recording.</param>
public sealed class DisplayRecorder(IDisplay inner, SessionRecorder recorder) : IDisplay
{
    /// <inheritdoc />
    public void Show(string name, string claimKey, string status)
    {
        recorder.Event(SessionEvent.Display).Text(name).Text(claimKey).Text(status);
        inner.Show(name, claimKey, status);
    }
}
