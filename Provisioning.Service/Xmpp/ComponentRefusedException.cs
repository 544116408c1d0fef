namespace SiotThing.Provisioning.Xmpp;

/// <summary>The XMPP server refused the component (wrong secret, unknown domain): running on cannot help.</summary>
/// <param name="message">What was refused and what to check.</param>
public sealed class ComponentRefusedException(string message) : Exception(message);
