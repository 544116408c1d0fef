using System.Text;
using System.Text.RegularExpressions;
using SiotThing.TestServers;

namespace SiotThing.SystemTests;

/// <summary>
/// Counts the messages the service owes (the outbox's) against those that arrived. A message
/// sent again (at least once: an instance died before it knew the server took it) keeps its id,
/// so each expected message is the first with an id not seen before at that party; copies of
/// one already seen are counted as duplicates, not as deliveries.
/// </summary>
internal sealed partial class OwedLedger
{
    private readonly Dictionary<XmppParty, HashSet<string>> seen = [];
    private readonly StringBuilder missing = new();

    /// <summary>How many messages were expected.</summary>
    public int Owed { get; private set; }

    /// <summary>How many of them arrived.</summary>
    public int Delivered { get; private set; }

    /// <summary>What was owed and did not arrive.</summary>
    public string Missing => missing.ToString();

    /// <summary>Waits up to <paramref name="patience"/> for a message from the service to <paramref name="party"/>, new by its id, that contains every one of <paramref name="parts"/>.</summary>
    /// <returns>The message, or null when none came (counted as missing).</returns>
    public string? Expect(XmppParty party, TimeSpan patience, params string[] parts)
    {
        Owed++;
        var ids = seen.TryGetValue(party, out var known) ? known : seen[party] = [];
        var deadline = DateTime.UtcNow + patience;
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            string message;
            try
            {
                message = party.WaitFor(left > TimeSpan.Zero ? left : TimeSpan.Zero, ["<message", $"from='{StoryParts.Service}'", .. parts]);
            }
            catch (TimeoutException)
            {
                missing.AppendLine($"{party.Account.Jid}: [{string.Join(", ", parts)}]");
                return null;
            }

            if (ids.Add(MessageId().Match(message).Groups["id"].Value))
            {
                Delivered++;
                return message;
            }
        }
    }

    /// <summary>How many copies beyond the first of the service's messages <paramref name="parties"/> received in all.</summary>
    public static int Duplicates(IEnumerable<XmppParty> parties) =>
        parties.Sum(party =>
        {
            var ids = party.ReceivedSoFar
                .Where(s => s.StartsWith("<message", StringComparison.Ordinal) && s.Contains($"from='{StoryParts.Service}'", StringComparison.Ordinal))
                .Select(s => MessageId().Match(s).Groups["id"].Value)
                .ToList();
            return ids.Count - ids.Distinct().Count();
        });

    [GeneratedRegex("^<message[^>]* id='(?<id>[^']*)'")]
    private static partial Regex MessageId();
}
