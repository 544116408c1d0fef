namespace SiotThing.Tests.Replay
{
    /// <summary>
    /// The calls the host makes into the core, one step of a recording each (docs/replay.md).
    /// The numbers are the format: Thing.Firmware/Host/Recording/SessionStep.cs writes them.
    /// </summary>
    public enum ReplayStep : byte
    {
        /// <summary>The core is made from the configuration (payload: the configuration file).</summary>
        Boot = 1,

        /// <summary>XmppClient.Connected (payload: TLS already on).</summary>
        Connected = 2,

        /// <summary>XmppClient.TlsEstablished.</summary>
        TlsEstablished = 3,

        /// <summary>XmppClient.Receive (payload: the bytes).</summary>
        Receive = 4,

        /// <summary>XmppClient.Tick, then ThingAgent.Tick.</summary>
        Tick = 5,

        /// <summary>XmppClient.Disconnect.</summary>
        Disconnect = 6,

        /// <summary>XmppClient.ConnectionLost (payload: the reason).</summary>
        ConnectionLost = 7,

        /// <summary>XmppClient.ReadOutput (payload: the room offered).</summary>
        ReadOutput = 8,

        /// <summary>ThingAgent.FactoryReset.</summary>
        FactoryReset = 9,

        /// <summary>ThingAgent.DeviceChanged.</summary>
        DeviceChanged = 10,

        /// <summary>The device's Execute from a local switch (payload: the command).</summary>
        Operate = 11,
    }
}
