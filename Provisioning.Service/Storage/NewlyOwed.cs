namespace SiotThing.Provisioning.Storage;

/// <summary>
/// A message an operation of this store object owed and committed, for a recipient whose outbox
/// lease it held (<see cref="IProvisioningStore.TakeNewlyOwed"/>): the sender can send it without
/// reading it back, when it has sent <see cref="Previous"/> in its session already.
/// </summary>
/// <param name="Message">The message, as the outbox holds it.</param>
/// <param name="Previous">
/// The id of the message owed to the same recipient before this one, which may still be unsent
/// (0 for none since the recipient's lease began): sending this one first would break the
/// recipient's order, so a sender that has not sent that one reads the outbox instead.
/// </param>
public sealed record NewlyOwed(OutboxMessage Message, long Previous);
