namespace SiotThing.Provisioning.Storage;

/// <summary>What a claim did.</summary>
public enum ClaimOutcome
{
    /// <summary>The claimant now owns the thing.</summary>
    Claimed,

    /// <summary>No thing has this name and key (wrong key, unknown name, name and key of different things, or a malformed key): one outcome, so that a guesser learns nothing. Counted as a failure.</summary>
    NotFound,

    /// <summary>Name and key are right but the thing already has an owner (the claimant too, when it claims its own thing again).</summary>
    AlreadyClaimed,

    /// <summary>Too many failed claims from this claimant lately; the claim was not looked at.</summary>
    RateLimited,
}
