namespace SiotThing.Provisioning.Storage;

/// <summary>What an owed message (<see cref="OutboxMessage"/>) tells its recipient (docs/protocol-notes.md, "Nothing committed is lost").</summary>
public enum OutboxKind
{
    /// <summary>To a thing: its owner (<see cref="OutboxMessage.Jid"/>), or that it has none (<c>null</c>, after a disown).</summary>
    Owner,

    /// <summary>To a thing: the owner's decisions (<see cref="OutboxMessage.Items"/>).</summary>
    FriendshipStates,

    /// <summary>To an owner: <see cref="OutboxMessage.Jid"/> asks to be a friend of <see cref="OutboxMessage.Thing"/>.</summary>
    PendingFriend,

    /// <summary>To the previous owner: <see cref="OutboxMessage.Thing"/> was reset to factory settings.</summary>
    ThingReset,
}
