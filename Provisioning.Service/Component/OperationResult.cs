using SiotThing.Provisioning.Xmpp;

namespace SiotThing.Provisioning.Component;

/// <summary>What an owner's operation gave: a value or the error to answer with. What it owes the thing or others is in the store's outbox, committed with it.</summary>
/// <typeparam name="T">The value's type.</typeparam>
/// <param name="Value">The value, when <paramref name="Error"/> is <c>null</c>.</param>
/// <param name="Error">The error, or <c>null</c> on success.</param>
internal sealed record OperationResult<T>(T? Value, StanzaError? Error)
{
    /// <summary>A success.</summary>
    public static OperationResult<T> Success(T value) => new(value, null);

    /// <summary>A failure.</summary>
    public static OperationResult<T> Failure(StanzaError error) => new(default, error);
}
