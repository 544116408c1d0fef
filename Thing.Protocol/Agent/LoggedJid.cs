using SiotThing.Protocol.Text;

namespace SiotThing.Protocol.Agent
{
    /// <summary>
    /// What the agent's log lines show of an address someone else chose: XMPP allows 3071 bytes,
    /// a log line on the device shows the first 100 (cut at a character's boundary).
    /// </summary>
    internal static class LoggedJid
    {
        private const int MaxBytes = 100;

        /// <summary>The part of <paramref name="jid"/> a log line shows.</summary>
        /// <param name="jid">A JID, or any address a stanza carried.</param>
        /// <returns>At most its first 100 UTF-8 bytes.</returns>
        public static string Of(string jid)
        {
            return Utf8.Truncate(jid, MaxBytes);
        }
    }
}
