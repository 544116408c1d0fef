namespace SiotThing.Firmware.Esp32
{
    /// <summary>
    /// Asked by the connection's loop at every tick: reports whether the session is online and
    /// answers whether it should go on (false: the network link is gone, end it now rather than
    /// when the client's ping times out). Non-generic: the device's interpreter has no Func&lt;T&gt;.
    /// </summary>
    /// <param name="now">The time in milliseconds (the connection's monotonic clock).</param>
    /// <param name="online">Whether the XMPP session is online.</param>
    /// <returns>Whether to keep the connection.</returns>
    public delegate bool LinkCheck(long now, bool online);
}
