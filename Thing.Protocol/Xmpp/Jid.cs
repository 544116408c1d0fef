using SiotThing.Protocol.Text;

namespace SiotThing.Protocol.Xmpp
{
    /// <summary>
    /// An XMPP address, localpart@domainpart/resourcepart (RFC 7622). The device does not carry
    /// the PRECIS tables, so localpart and domainpart are compared after ASCII lower-casing only;
    /// servers send JIDs already normalised, and configured JIDs should be written in lower case.
    /// </summary>
    public sealed class Jid
    {
        /// <summary>The longest part RFC 7622 allows, in bytes (checked here in characters).</summary>
        public const int MaxPartLength = 1023;

        private Jid(string local, string domain, string resource)
        {
            Local = local;
            Domain = domain;
            Resource = resource;
            Bare = local == null ? domain : local + "@" + domain;
        }

        /// <summary>The localpart, or <c>null</c> for a domain JID (such as a component).</summary>
        public string Local { get; }

        /// <summary>The domainpart, lower-cased.</summary>
        public string Domain { get; }

        /// <summary>The resourcepart, or <c>null</c> for a bare JID.</summary>
        public string Resource { get; }

        /// <summary>The bare JID: localpart@domainpart, or the domainpart alone.</summary>
        public string Bare { get; }

        /// <summary>Whether this JID has no resource.</summary>
        public bool IsBare => Resource == null;

        /// <summary>Parses a JID.</summary>
        /// <param name="text">The JID as written.</param>
        /// <returns>The JID, or <c>null</c> when <paramref name="text"/> is not one.</returns>
        public static Jid Parse(string text)
        {
            if (text == null || text.Length == 0)
            {
                return null;
            }

            // The first '/' starts the resource, which may itself contain '@' and '/'.
            var slash = Utf16.IndexOf(text, '/', 0);
            var address = slash < 0 ? text : text.Substring(0, slash);
            string resource = null;
            if (slash >= 0)
            {
                resource = text.Substring(slash + 1);
                if (resource.Length == 0 || resource.Length > MaxPartLength)
                {
                    return null;
                }
            }

            var at = Utf16.IndexOf(address, '@', 0);
            string local = null;
            var domain = address;
            if (at >= 0)
            {
                local = address.Substring(0, at);
                domain = address.Substring(at + 1);
                if (local.Length == 0 || local.Length > MaxPartLength || !IsValidLocal(local))
                {
                    return null;
                }
            }

            if (domain.Length > 0 && domain[domain.Length - 1] == '.')
            {
                // A trailing dot is allowed in DNS but not part of the domainpart (RFC 7622 §3.2).
                domain = domain.Substring(0, domain.Length - 1);
            }

            if (domain.Length == 0 || domain.Length > MaxPartLength || Utf16.IndexOf(domain, '@', 0) >= 0)
            {
                return null;
            }

            return new Jid(local == null ? null : LowerAscii(local), LowerAscii(domain), resource);
        }

        /// <summary>Whether two JIDs (as text) have the same bare JID; invalid JIDs never match.</summary>
        /// <param name="first">A JID.</param>
        /// <param name="second">Another JID.</param>
        /// <returns><c>true</c> when both parse and their bare JIDs are equal.</returns>
        public static bool BareEquals(string first, string second)
        {
            var a = Parse(first);
            var b = Parse(second);
            return a != null && b != null && a.Bare == b.Bare;
        }

        /// <summary>The full JID, with the resource when there is one.</summary>
        /// <returns>The JID as text.</returns>
        public override string ToString()
        {
            return Resource == null ? Bare : Bare + "/" + Resource;
        }

        private static bool IsValidLocal(string local)
        {
            // Characters RFC 7622 §3.3.1 forbids in a localpart.
            for (var i = 0; i < local.Length; i++)
            {
                var c = local[i];
                if (c == '"' || c == '&' || c == '\'' || c == '/' || c == ':' || c == '<' || c == '>' || c == '@' || c <= ' ')
                {
                    return false;
                }
            }

            return true;
        }

        private static string LowerAscii(string text)
        {
            for (var i = 0; i < text.Length; i++)
            {
                if (text[i] >= 'A' && text[i] <= 'Z')
                {
                    var chars = text.ToCharArray();
                    for (var k = i; k < chars.Length; k++)
                    {
                        if (chars[k] >= 'A' && chars[k] <= 'Z')
                        {
                            chars[k] = (char)(chars[k] - 'A' + 'a');
                        }
                    }

                    return new string(chars);
                }
            }

            return text;
        }
    }
}
