namespace SiotThing.TestServers;

/// <summary>An account on a test XMPP server.</summary>
/// <param name="User">The localpart.</param>
/// <param name="Host">The domain the account lives on.</param>
/// <param name="Password">Its password.</param>
public sealed record XmppAccount(string User, string Host, string Password)
{
    /// <summary>The bare JID, user@host.</summary>
    public string Jid => User + "@" + Host;
}
