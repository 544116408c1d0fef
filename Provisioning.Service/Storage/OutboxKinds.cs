namespace SiotThing.Provisioning.Storage;

/// <summary>How <see cref="OutboxKind"/> is written in the outbox table (the values its CHECK allows).</summary>
internal static class OutboxKinds
{
    /// <summary>The stored form of <paramref name="kind"/>.</summary>
    public static string Text(OutboxKind kind) => kind switch
    {
        OutboxKind.Owner => "owner",
        OutboxKind.FriendshipStates => "friendship-states",
        OutboxKind.PendingFriend => "pending-friend",
        _ => "thing-reset",
    };

    /// <summary>The kind stored as <paramref name="text"/>.</summary>
    /// <exception cref="InvalidOperationException">The table holds a kind this code does not know (a newer service wrote it).</exception>
    public static OutboxKind Parse(string text) => text switch
    {
        "owner" => OutboxKind.Owner,
        "friendship-states" => OutboxKind.FriendshipStates,
        "pending-friend" => OutboxKind.PendingFriend,
        "thing-reset" => OutboxKind.ThingReset,
        _ => throw new InvalidOperationException($"unknown outbox message kind '{text}'"),
    };
}
