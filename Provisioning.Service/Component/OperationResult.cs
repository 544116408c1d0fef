using SiotThing.Provisioning.Xmpp;

namespace SiotThing.Provisioning.Component;

/// <summary>What an owner's operation gave: a value or the error to answer with, and the stanzas to send after the answer.</summary>
/// <typeparam name="T">The value's type.</typeparam>
/// <param name="Value">The value, when <paramref name="Error"/> is <c>null</c>.</param>
/// <param name="Error">The error, or <c>null</c> on success.</param>
/// <param name="Notifications">Messages for the thing (or others) that the operation caused, in order.</param>
internal sealed record OperationResult<T>(T? Value, StanzaError? Error, IReadOnlyList<byte[]> Notifications)
{
    /// <summary>A success without notifications.</summary>
    public static OperationResult<T> Success(T value) => new(value, null, []);

    /// <summary>A failure.</summary>
    public static OperationResult<T> Failure(StanzaError error) => new(default, error, []);
}
