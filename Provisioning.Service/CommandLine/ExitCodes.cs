namespace SiotThing.Provisioning.CommandLine;

/// <summary>What the binary's exit code means, for scripts.</summary>
public static class ExitCodes
{
    /// <summary>The command did what it was asked.</summary>
    public const int Success = 0;

    /// <summary>The thing the command names is not registered.</summary>
    public const int NotFound = 1;

    /// <summary>The command line is wrong (unknown command, missing or contradicting options, malformed JID).</summary>
    public const int Usage = 2;

    /// <summary>The database could not be opened or read (missing file, refused connection, newer schema).</summary>
    public const int StoreFailure = 3;

    /// <summary><c>serve</c>: the XMPP server refused the component (a wrong secret, or no component of that domain configured).</summary>
    public const int Refused = 4;
}
