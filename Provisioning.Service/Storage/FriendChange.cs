namespace SiotThing.Provisioning.Storage;

/// <summary>One item of a friend-state-update.</summary>
/// <param name="Jid">The bare JID the owner decides about.</param>
/// <param name="Friend"><c>true</c> for a friend, <c>false</c> for a non-friend (refused or removed).</param>
public sealed record FriendChange(string Jid, bool Friend);
