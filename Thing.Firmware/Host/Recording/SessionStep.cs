namespace SiotThing.Firmware.Host.Recording;

/// <summary>
/// The calls the host makes into the core (client and agent), as a recording names them: each
/// is one step of a recording. The numbers are the format (docs/replay.md); the device-side
/// reader, Thing.Tests/Replay/ReplayStep.cs, uses the same ones, and the round-trip tests of
/// Thing.Tests/Host/Recording check that the two agree.
/// </summary>
public enum SessionStep : byte
{
    /// <summary>The core is made from the configuration (payload: the configuration file's bytes).</summary>
    Boot = 1,

    /// <summary><c>XmppClient.Connected</c> (payload: whether TLS is already on).</summary>
    Connected = 2,

    /// <summary><c>XmppClient.TlsEstablished</c>.</summary>
    TlsEstablished = 3,

    /// <summary><c>XmppClient.Receive</c> (payload: the bytes received).</summary>
    Receive = 4,

    /// <summary><c>XmppClient.Tick</c>, then the agent's <c>Tick</c>, at the same time.</summary>
    Tick = 5,

    /// <summary><c>XmppClient.Disconnect</c>.</summary>
    Disconnect = 6,

    /// <summary><c>XmppClient.ConnectionLost</c> (payload: the reason).</summary>
    ConnectionLost = 7,

    /// <summary><c>XmppClient.ReadOutput</c> (payload: the room offered; the bytes read are an <see cref="SessionEvent.Output"/>).</summary>
    ReadOutput = 8,

    /// <summary>The agent's <c>FactoryReset</c> (the button's long press).</summary>
    FactoryReset = 9,

    /// <summary>The agent's <c>DeviceChanged</c>.</summary>
    DeviceChanged = 10,

    /// <summary>The device's <c>Execute</c> from a local switch (payload: the command).</summary>
    Operate = 11,
}
