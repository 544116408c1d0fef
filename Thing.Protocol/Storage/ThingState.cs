using System;
using SiotThing.Protocol.Text;
using SiotThing.Protocol.Xmpp;

namespace SiotThing.Protocol.Storage
{
    /// <summary>
    /// What a thing keeps across reboots: its claim key and whether the service registered it,
    /// its owner, the subscription requests waiting for the owner, an unfinished factory reset,
    /// and the cached SCRAM secrets. <see cref="ThingStateStore"/> keeps it in the flash.
    /// </summary>
    /// <remarks>
    /// Bounded so that <see cref="ToBytes"/> always fits one <see cref="DurableRecord"/>: the
    /// largest state (a key, an owner and 16 requests of <see cref="MaxJidLength"/> bytes each,
    /// <see cref="MaxScramSecretsLength"/> bytes of secrets) takes 2006 of its 2033 bytes.
    /// </remarks>
    public sealed class ThingState
    {
        /// <summary>The first byte of <see cref="ToBytes"/>, raised whenever the layout changes.</summary>
        public const byte FormatVersion = 1;

        /// <summary>How many subscription requests the thing keeps (see the protocol notes).</summary>
        public const int MaxPendingRequests = 16;

        /// <summary>
        /// The longest bare JID the state keeps, in UTF-8 bytes. XMPP allows 3071; 100 leaves room
        /// for 16 requests and the owner in one record and is far longer than real addresses
        /// (user@example.org is 16). A longer requestor is treated like one beyond the cap.
        /// </summary>
        public const int MaxJidLength = 100;

        /// <summary>
        /// The longest cached SCRAM secrets record: <see cref="Sasl.ScramSecrets.ToBytes"/> with a salt
        /// of up to about 200 bytes (servers send 16 to 32). Longer secrets are simply not cached.
        /// </summary>
        public const int MaxScramSecretsLength = 255;

        // Bits of the flags byte; a record with any other bit set is from a newer format.
        private const int RegisteredFlag = 1;
        private const int RosterCleanupFlag = 2;
        private const int RefuseRequestsFlag = 4;

        private readonly PendingRequests pendingRequests = new PendingRequests();
        private string claimKey;
        private string owner;
        private byte[] scramSecrets;

        /// <summary>
        /// The claim key in its grouped form (<see cref="Siot.ClaimKey"/>), or <c>null</c>
        /// before the thing has drawn one.
        /// </summary>
        /// <exception cref="ArgumentException">Set to something that is not a key in its grouped form.</exception>
        public string ClaimKey
        {
            get
            {
                return claimKey;
            }

            set
            {
                if (value != null && !IsGroupedKey(value))
                {
                    throw new ArgumentException("A claim key in its grouped form, or null.", "value");
                }

                claimKey = value;
            }
        }

        /// <summary>Whether the service acknowledged the registration of <see cref="ClaimKey"/>.</summary>
        public bool Registered { get; set; }

        /// <summary>The owner's bare JID, or <c>null</c> while the thing is unclaimed.</summary>
        /// <exception cref="ArgumentException">Set to something <see cref="IsStorableJid"/> refuses (a full JID is kept as its bare JID).</exception>
        public string Owner
        {
            get
            {
                return owner;
            }

            set
            {
                if (value == null)
                {
                    owner = null;
                    return;
                }

                var bare = StorableBareJid(value);
                if (bare == null)
                {
                    throw new ArgumentException("An owner JID of at most 100 UTF-8 bytes, or null.", "value");
                }

                owner = bare;
            }
        }

        /// <summary>The subscription requests waiting for the owner's decision.</summary>
        public PendingRequests PendingRequests
        {
            get { return pendingRequests; }
        }

        /// <summary>
        /// Set by <see cref="FactoryReset"/> and cleared by the agent once every old roster item
        /// is unsubscribed and removed, so that a reset cut short by a power loss finishes after
        /// the reboot.
        /// </summary>
        public bool RosterCleanupPending { get; set; }

        /// <summary>
        /// Whether <see cref="PendingRequests"/> holds requests from before a factory reset or a
        /// disowning, to be refused (<c>unsubscribed</c>) rather than decided: forgotten without
        /// an answer, the server would deliver them again at the next login, and they would reach
        /// the next owner as new. Set by <see cref="FactoryReset"/> and <see cref="Disown"/> when
        /// requests were pending; the agent clears it once it has refused them all.
        /// </summary>
        public bool RefusePendingRequests { get; set; }

        /// <summary>
        /// The cached SCRAM secrets as <see cref="Sasl.ScramSecrets.ToBytes"/> wrote them, or
        /// <c>null</c>. Kept as bytes so that secrets of a format this firmware no longer reads
        /// cost a PBKDF2 run, not the whole state. The state owns the array: do not change it.
        /// </summary>
        /// <exception cref="ArgumentException">Set to an empty array or one longer than <see cref="MaxScramSecretsLength"/>.</exception>
        public byte[] ScramSecretsBytes
        {
            get
            {
                return scramSecrets;
            }

            set
            {
                if (value != null && (value.Length == 0 || value.Length > MaxScramSecretsLength))
                {
                    throw new ArgumentException("Cached secrets have 1 to 255 bytes, or are null.", "value");
                }

                scramSecrets = value;
            }
        }

        /// <summary>Whether the state can keep this JID as an owner or a requestor.</summary>
        /// <param name="jid">A JID, full or bare.</param>
        /// <returns><c>true</c> when it is a JID whose bare form has at most <see cref="MaxJidLength"/> UTF-8 bytes.</returns>
        public static bool IsStorableJid(string jid)
        {
            return StorableBareJid(jid) != null;
        }

        /// <summary>
        /// Starts over as a new thing (the reset button): a new key, not registered, no owner, the
        /// pending requests kept only to be refused (<see cref="RefusePendingRequests"/>), and
        /// <see cref="RosterCleanupPending"/> set until the old friends are gone from the roster.
        /// The SCRAM secrets stay: the XMPP account is kept.
        /// </summary>
        /// <param name="newKey">The new claim key in its grouped form.</param>
        /// <exception cref="ArgumentException"><paramref name="newKey"/> is not a key in its grouped form.</exception>
        public void FactoryReset(string newKey)
        {
            if (newKey == null || !IsGroupedKey(newKey))
            {
                throw new ArgumentException("A claim key in its grouped form.", "newKey");
            }

            claimKey = newKey;
            Registered = false;
            owner = null;
            RefusePendingRequests = RefusePendingRequests || pendingRequests.Count > 0;
            RosterCleanupPending = true;
        }

        /// <summary>
        /// The owner gave the thing up (the service's <c>&lt;owner/&gt;</c> without a JID): owner
        /// goes, the pending requests are to be refused (as in <see cref="FactoryReset"/>), and
        /// the old friends are to be removed from the roster; the key and the registration stay,
        /// so that the next owner claims the thing with the same key.
        /// </summary>
        public void Disown()
        {
            owner = null;
            RefusePendingRequests = RefusePendingRequests || pendingRequests.Count > 0;
            RosterCleanupPending = true;
        }

        /// <summary>
        /// The state as bytes for the store: the format version; a flags byte (1: registered,
        /// 2: roster cleanup pending, 4: the pending requests are to be refused); the claim key, the owner and the SCRAM secrets, each as a
        /// length byte (0 for none) and its bytes (UTF-8 for text); the number of pending
        /// requests and each as a length byte and UTF-8.
        /// </summary>
        /// <returns>A new array of at most 2006 bytes that <see cref="FromBytes"/> reads back.</returns>
        public byte[] ToBytes()
        {
            var length = 2 + TextLength(claimKey) + TextLength(owner) + 1 + (scramSecrets == null ? 0 : scramSecrets.Length) + 1;
            for (var i = 0; i < pendingRequests.Count; i++)
            {
                length += TextLength(pendingRequests[i]);
            }

            var bytes = new byte[length];
            bytes[0] = FormatVersion;
            bytes[1] = (byte)((Registered ? RegisteredFlag : 0) | (RosterCleanupPending ? RosterCleanupFlag : 0)
                | (RefusePendingRequests && pendingRequests.Count > 0 ? RefuseRequestsFlag : 0));
            var at = 2;
            at = WriteText(bytes, at, claimKey);
            at = WriteText(bytes, at, owner);
            if (scramSecrets == null)
            {
                bytes[at++] = 0;
            }
            else
            {
                bytes[at++] = (byte)scramSecrets.Length;
                Array.Copy(scramSecrets, 0, bytes, at, scramSecrets.Length);
                at += scramSecrets.Length;
            }

            bytes[at++] = (byte)pendingRequests.Count;
            for (var i = 0; i < pendingRequests.Count; i++)
            {
                at = WriteText(bytes, at, pendingRequests[i]);
            }

            return bytes;
        }

        /// <summary>
        /// Reads what <see cref="ToBytes"/> wrote. Whatever is not exactly one valid state of this
        /// format version (truncated, another version, a key or JID that this class would not
        /// have kept, trailing bytes) gives <c>null</c>; it never throws.
        /// </summary>
        /// <param name="bytes">The stored bytes, or <c>null</c>.</param>
        /// <returns>The state, or <c>null</c>.</returns>
        public static ThingState FromBytes(byte[] bytes)
        {
            if (bytes == null || bytes.Length < 2 || bytes[0] != FormatVersion || (bytes[1] & ~(RegisteredFlag | RosterCleanupFlag | RefuseRequestsFlag)) != 0)
            {
                return null;
            }

            var state = new ThingState();
            state.Registered = (bytes[1] & RegisteredFlag) != 0;
            state.RosterCleanupPending = (bytes[1] & RosterCleanupFlag) != 0;
            state.RefusePendingRequests = (bytes[1] & RefuseRequestsFlag) != 0;
            var at = 2;

            var key = ReadText(bytes, ref at, Siot.ClaimKey.FormattedLength);
            if (key == null || (key.Length > 0 && !IsGroupedKey(key)))
            {
                return null;
            }

            state.claimKey = key.Length == 0 ? null : key;

            var owner = ReadText(bytes, ref at, MaxJidLength);
            if (owner == null || (owner.Length > 0 && StorableBareJid(owner) != owner))
            {
                return null;
            }

            state.owner = owner.Length == 0 ? null : owner;

            if (at >= bytes.Length)
            {
                return null;
            }

            int secretsLength = bytes[at++];
            if (bytes.Length - at < secretsLength)
            {
                return null;
            }

            if (secretsLength > 0)
            {
                state.scramSecrets = new byte[secretsLength];
                Array.Copy(bytes, at, state.scramSecrets, 0, secretsLength);
                at += secretsLength;
            }

            if (at >= bytes.Length || bytes[at] > MaxPendingRequests)
            {
                return null;
            }

            int count = bytes[at++];
            for (var i = 0; i < count; i++)
            {
                // A request is stored as the bare JID Add made of it, once.
                var jid = ReadText(bytes, ref at, MaxJidLength);
                if (jid == null || StorableBareJid(jid) != jid || state.pendingRequests.Contains(jid))
                {
                    return null;
                }

                state.pendingRequests.Add(jid);
            }

            // The flag means nothing without requests, and ToBytes never writes it so.
            return at == bytes.Length && !(state.RefusePendingRequests && count == 0) ? state : null;
        }

        /// <summary>The bare form of <paramref name="jid"/> when the state can keep it, else <c>null</c>.</summary>
        /// <param name="jid">A JID, full or bare, or anything else.</param>
        /// <returns>The bare JID, or <c>null</c> when it is not a JID or longer than <see cref="MaxJidLength"/> UTF-8 bytes.</returns>
        internal static string StorableBareJid(string jid)
        {
            var parsed = Jid.Parse(jid);
            if (parsed == null || Utf8.ByteCount(parsed.Bare) > MaxJidLength)
            {
                return null;
            }

            return parsed.Bare;
        }

        private static bool IsGroupedKey(string key)
        {
            return Siot.ClaimKey.Normalize(key) == key;
        }

        /// <summary>The bytes <see cref="WriteText"/> takes: the length byte and the UTF-8.</summary>
        private static int TextLength(string text)
        {
            return 1 + (text == null ? 0 : Utf8.ByteCount(text));
        }

        /// <summary>Writes a length byte and the UTF-8 of <paramref name="text"/> (just a 0 for <c>null</c>); returns the index after it.</summary>
        private static int WriteText(byte[] bytes, int at, string text)
        {
            if (text == null)
            {
                bytes[at] = 0;
                return at + 1;
            }

            var length = Utf8.Encode(text, bytes, at + 1);
            bytes[at] = (byte)length;
            return at + 1 + length;
        }

        /// <summary>
        /// Reads a length byte and that much UTF-8 at <paramref name="at"/> and moves past it.
        /// Returns "" for length 0, <c>null</c> when the bytes run out, the length is above
        /// <paramref name="maxLength"/> or the text is not well-formed UTF-8.
        /// </summary>
        private static string ReadText(byte[] bytes, ref int at, int maxLength)
        {
            if (at >= bytes.Length)
            {
                return null;
            }

            int length = bytes[at];
            if (length > maxLength || bytes.Length - at - 1 < length)
            {
                return null;
            }

            var text = Utf8.Decode(bytes, at + 1, length);
            at += 1 + length;
            return text;
        }
    }
}
