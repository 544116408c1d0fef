namespace SiotThing.Provisioning.Storage;

/// <summary>Whether an owner's operation on a thing could be carried out.</summary>
public enum AccessOutcome
{
    /// <summary>Carried out.</summary>
    Done,

    /// <summary>The caller does not own the thing (forbidden).</summary>
    Forbidden,

    /// <summary>No such thing is registered (item-not-found).</summary>
    NotFound,
}
