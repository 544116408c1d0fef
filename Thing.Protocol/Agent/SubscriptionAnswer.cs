namespace SiotThing.Protocol.Agent
{
    /// <summary>What the thing does with a subscription request (see <see cref="SubscriptionRequests.Subscribe"/>).</summary>
    public enum SubscriptionAnswer
    {
        /// <summary>Approve it now (<c>subscribed</c>): the service, the owner or a friend asked.</summary>
        Approve,

        /// <summary>Kept for the owner to decide: the service is to be asked about it (again).</summary>
        AskService,

        /// <summary>A request from before a reset or disowning: refuse the old requests now.</summary>
        RefuseOld,

        /// <summary>
        /// Refuse it now (<c>unsubscribed</c>): its requestor's bare JID is longer than the thing
        /// can keep (<see cref="Storage.ThingState.MaxJidLength"/> bytes), so no owner could decide it;
        /// a refusal ends it at the server instead of leaving it there for ever.
        /// </summary>
        RefuseTooLong,

        /// <summary>No answer: it is not kept (the list is full, or old ones are still to be refused); the server delivers it again.</summary>
        Wait,
    }
}
