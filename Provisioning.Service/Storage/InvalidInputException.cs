namespace SiotThing.Provisioning.Storage;

/// <summary>
/// An input the store refuses as malformed or out of bounds (<see cref="ProvisioningLimits"/>).
/// Its <see cref="Reason"/> is written for the person who sent the input and is the only text of
/// a refusal that reaches a peer: the parameter's name, which <see cref="ArgumentException.Message"/>
/// adds, is the service's business.
/// </summary>
public sealed class InvalidInputException : ArgumentException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="reason">What is wrong, in words for the sender.</param>
    /// <param name="parameter">The store's parameter that holds it.</param>
    public InvalidInputException(string reason, string parameter)
        : base(reason, parameter)
    {
        Reason = reason;
    }

    /// <summary>What is wrong, without the parameter's name.</summary>
    public string Reason { get; }

    /// <summary>The text for a peer about <paramref name="exception"/>: the reason of an <see cref="InvalidInputException"/>, and for any other a plain sentence (no exception text leaves the service).</summary>
    /// <param name="exception">What the store threw.</param>
    /// <returns>The text.</returns>
    public static string TextFor(ArgumentException exception) =>
        exception is InvalidInputException invalid ? invalid.Reason : "the request is malformed";
}
