using SiotThing.Protocol.Xmpp;

namespace SiotThing.Firmware.Esp32
{
    /// <summary>
    /// Work for the connection's thread, with the client and the time: the agent's Tick,
    /// FactoryReset and DeviceChanged have this shape. A non-generic delegate, because the
    /// device's interpreter has no generics (not even Action&lt;T1, T2&gt;).
    /// </summary>
    /// <param name="client">The XMPP client.</param>
    /// <param name="now">The time in milliseconds (the connection's monotonic clock).</param>
    public delegate void ClientAction(XmppClient client, long now);
}
