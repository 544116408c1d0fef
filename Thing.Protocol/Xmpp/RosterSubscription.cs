namespace SiotThing.Protocol.Xmpp
{
    /// <summary>The subscription state of a roster item (RFC 6121 §2.1.2.5).</summary>
    public enum RosterSubscription
    {
        /// <summary>Not in the roster, or in it without any subscription.</summary>
        None,

        /// <summary>We receive the contact's presence.</summary>
        To,

        /// <summary>The contact receives our presence: for a thing, the contact is a friend.</summary>
        From,

        /// <summary>Both ways: also a friend.</summary>
        Both,
    }
}
