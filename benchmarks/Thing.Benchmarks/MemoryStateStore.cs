using SiotThing.Protocol.Ports;

namespace SiotThing.Benchmarks;

/// <summary>The thing's flash, in memory, for measuring the agent without a file system.</summary>
public sealed class MemoryStateStore : IStateStore
{
    private readonly byte[]?[] slots = new byte[2][];

    /// <inheritdoc />
    public byte[] ReadSlot(int slot) => slots[slot]!;

    /// <inheritdoc />
    public void WriteSlot(int slot, byte[] data, int count) => slots[slot] = data[..count];
}
