namespace SiotThing.Protocol.Agent
{
    /// <summary>What an answer of the provisioning service decides about a requestor (see <see cref="FriendshipBroker.Answered"/>).</summary>
    public enum FriendshipVerdict
    {
        /// <summary>An answer to nothing current (sent before the session ended): nothing follows from it.</summary>
        Stale,

        /// <summary>Taken, but no decision (still pending, an error, a withdrawal told): what the service is owed next may go.</summary>
        Undecided,

        /// <summary>The owner made the requestor a friend: approve its request.</summary>
        Friend,

        /// <summary>The owner refused the requestor: refuse its request, or revoke its friendship.</summary>
        NotFriend,
    }
}
