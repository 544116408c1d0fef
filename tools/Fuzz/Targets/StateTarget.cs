using SiotThing.Fuzz.Ports;
using SiotThing.Protocol.Storage;

namespace SiotThing.Fuzz.Targets;

/// <summary>
/// The thing's stored state as it comes back from flash after anything a power loss or a worn
/// cell can leave: the input after its first byte, split into the two slots where that byte says,
/// read through the durable record and the state decoder. What reads back must encode to what
/// was read.
/// </summary>
public sealed class StateTarget : IFuzzTarget
{
    /// <inheritdoc />
    public string Name => "state";

    /// <inheritdoc />
    public void Run(byte[] input)
    {
        if (input.Length == 0)
        {
            return;
        }

        var rest = input.AsSpan(1);
        var split = input[0] % (rest.Length + 1);
        var store = new MemoryStateStore(rest[..split].ToArray(), rest[split..].ToArray());
        var state = new ThingStateStore(store).Load();
        var again = ThingState.FromBytes(state.ToBytes());
        if (again == null || !again.ToBytes().AsSpan().SequenceEqual(state.ToBytes()))
        {
            throw new InvalidOperationException("a state read from flash does not survive writing it again");
        }

        ThingState.FromBytes(rest.ToArray());
    }
}
