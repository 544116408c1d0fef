namespace SiotThing.Provisioning.Hosting;

/// <summary>What <c>serve</c> was told: where the XMPP server's component port is, and the component's domain and secret.</summary>
/// <param name="Server">The server's address.</param>
/// <param name="Port">Its component port.</param>
/// <param name="Domain">The component's domain.</param>
/// <param name="Secret">The component's shared secret.</param>
public sealed record ServeSettings(string Server, int Port, string Domain, string Secret)
{
    /// <summary>The first reconnect delay's ceiling, in milliseconds.</summary>
    public int InitialReconnectDelay { get; init; } = 1000;

    /// <summary>The longest reconnect delay, in milliseconds.</summary>
    public int MaximumReconnectDelay { get; init; } = 60_000;
}
