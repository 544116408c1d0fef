using SiotThing.Protocol.Xmpp;

namespace SiotThing.Protocol.Agent
{
    /// <summary>What a thing is told at start: its provisioning service and its names.</summary>
    public sealed class ThingConfiguration
    {
        /// <summary>Creates the configuration.</summary>
        /// <param name="provisioningJid">The provisioning service's JID (e.g. provisioning.example.org).</param>
        /// <param name="languages">The <c>xml:lang</c> of each name; an empty string for the default name.</param>
        /// <param name="names">The thing's name in each language, in the same order.</param>
        public ThingConfiguration(string provisioningJid, string[] languages, string[] names)
        {
            var service = Jid.Parse(provisioningJid);
            if (service == null || !service.IsBare)
            {
                throw new System.ArgumentException("the provisioning service must be a bare JID", "provisioningJid");
            }

            if (names == null || names.Length == 0 || languages == null || languages.Length != names.Length)
            {
                throw new System.ArgumentException("at least one name, and one language (or \"\") per name", "names");
            }

            ProvisioningJid = service.Bare;
            Languages = languages;
            Names = names;
        }

        /// <summary>The provisioning service's bare JID; only stanzas from exactly this JID count as the service's.</summary>
        public string ProvisioningJid { get; }

        /// <summary>The <c>xml:lang</c> of each name ("" for the default).</summary>
        public string[] Languages { get; }

        /// <summary>The names, one per language.</summary>
        public string[] Names { get; }

        /// <summary>The name to show: the one without a language, else the first.</summary>
        public string DefaultName
        {
            get
            {
                for (var i = 0; i < Names.Length; i++)
                {
                    if (Languages[i].Length == 0)
                    {
                        return Names[i];
                    }
                }

                return Names[0];
            }
        }
    }
}
