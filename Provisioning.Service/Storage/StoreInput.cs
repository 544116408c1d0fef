using System.Text;
using SiotThing.Protocol.Siot;
using SiotThing.Protocol.Text;
using SiotThing.Protocol.Xmpp;

namespace SiotThing.Provisioning.Storage;

/// <summary>Checks and normalises what the store is given, before any transaction starts.</summary>
internal static class StoreInput
{
    /// <summary>A bare JID, lower-cased as <see cref="Jid"/> does.</summary>
    public static string BareJid(string jid, string parameter)
    {
        ArgumentNullException.ThrowIfNull(jid, parameter);
        // The length first, so that a huge value is not parsed at all.
        if (jid.Length > ProvisioningLimits.MaxJidLength)
        {
            throw new InvalidInputException($"a JID has at most {ProvisioningLimits.MaxJidLength} characters", parameter);
        }

        var parsed = Jid.Parse(jid) ?? throw new InvalidInputException($"'{jid}' is not a JID", parameter);
        if (!parsed.IsBare)
        {
            throw new InvalidInputException($"'{jid}' is not a bare JID", parameter);
        }

        return parsed.Bare;
    }

    /// <summary>A key a thing registers, in its grouped form.</summary>
    public static string RegisteredKey(string key, string parameter)
    {
        var normalized = ClaimKey.Normalize(TypedKey(key, parameter));
        return normalized ?? throw new InvalidInputException("not a claim key (24 symbols of the claim key alphabet)", parameter);
    }

    /// <summary>A key as a person typed it: only bounded here; whether it is a key is the claim's business.</summary>
    public static string TypedKey(string key, string parameter)
    {
        ArgumentNullException.ThrowIfNull(key, parameter);
        if (key.Length > ProvisioningLimits.MaxTypedKeyLength)
        {
            throw new InvalidInputException($"a key has at most {ProvisioningLimits.MaxTypedKeyLength} characters", parameter);
        }

        return key;
    }

    /// <summary>A thing's names: 1 to <see cref="ProvisioningLimits.MaxNames"/>, one per language, none with a hidden character (<see cref="ShownText"/>).</summary>
    public static IReadOnlyList<ThingName> Names(IReadOnlyList<ThingName> names, string parameter)
    {
        ArgumentNullException.ThrowIfNull(names, parameter);
        if (names.Count == 0 || names.Count > ProvisioningLimits.MaxNames)
        {
            throw new InvalidInputException($"a thing has 1 to {ProvisioningLimits.MaxNames} names", parameter);
        }

        // xml:lang values are case-insensitive (BCP 47), so "de" and "DE" are one language.
        var languages = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (language, name) in names)
        {
            if (language == null || language.Length > ProvisioningLimits.MaxLanguageLength)
            {
                throw new InvalidInputException($"a name's language is given, with at most {ProvisioningLimits.MaxLanguageLength} characters", parameter);
            }

            if (!languages.Add(language))
            {
                throw new InvalidInputException($"two names for the language '{language}'", parameter);
            }

            Name(name, parameter);
            // An owner's client shows a registered name as it is: a direction override would make
            // one name look like another. (A typed name is only compared, so a pasted tab may stay.)
            var hidden = ShownText.IndexOfHidden(name);
            if (hidden >= 0)
            {
                throw new InvalidInputException($"a name may not hold control or text-direction characters (U+{(int)name[hidden]:X4} at {hidden + 1})", parameter);
            }
        }

        return names;
    }

    /// <summary>A name (registered or typed): not blank, at most <see cref="ProvisioningLimits.MaxNameLength"/> characters.</summary>
    public static string Name(string name, string parameter)
    {
        ArgumentNullException.ThrowIfNull(name, parameter);
        if (name.Length > ProvisioningLimits.MaxNameLength || string.IsNullOrWhiteSpace(name))
        {
            throw new InvalidInputException($"a name has 1 to {ProvisioningLimits.MaxNameLength} characters, not all white space", parameter);
        }

        return name;
    }

    /// <summary>
    /// The form names are compared in: trimmed and upper-cased with the invariant culture, which is
    /// the equality of <see cref="StringComparison.OrdinalIgnoreCase"/>. It is computed here and
    /// stored, because the two databases' own case folding differs (SQLite folds ASCII only).
    /// </summary>
    public static string MatchForm(string name) => name.Trim().ToUpperInvariant();

    /// <summary>A friend-state-update's changes, with bare lower-cased JIDs, each JID at most once.</summary>
    public static IReadOnlyList<FriendChange> Changes(IReadOnlyList<FriendChange> changes, string parameter)
    {
        ArgumentNullException.ThrowIfNull(changes, parameter);
        if (changes.Count > ProvisioningLimits.MaxFriendChanges)
        {
            throw new InvalidInputException($"at most {ProvisioningLimits.MaxFriendChanges} changes at once", parameter);
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var normalized = new List<FriendChange>(changes.Count);
        foreach (var change in changes)
        {
            ArgumentNullException.ThrowIfNull(change, parameter);
            var jid = BareJid(change.Jid, parameter);
            // Passed on to the thing in friendship-states, where one item must fit a message.
            if (Encoding.UTF8.GetByteCount(jid) > Component.ThingLimits.MaxJidBytes)
            {
                throw new InvalidInputException($"a friend's JID has at most {Component.ThingLimits.MaxJidBytes} UTF-8 bytes", parameter);
            }

            // Two decisions about one JID in one update contradict each other or repeat; neither is meant.
            if (!seen.Add(jid))
            {
                throw new InvalidInputException($"'{jid}' is named twice", parameter);
            }

            normalized.Add(change with { Jid = jid });
        }

        return normalized;
    }
}
