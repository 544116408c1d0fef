using System.Buffers.Binary;
using System.Text;

namespace SiotThing.Esp32Run;

/// <summary>
/// Reads an ESP-IDF partition table in its binary form (the build's partition-table.bin, flashed
/// at 0x8000): 32-byte entries, each the magic 0xAA 0x50, type, subtype, offset and size (32-bit
/// little endian), a 16-byte label and flags, ended by an MD5 entry (0xEB 0xEB) or erased bytes.
/// The firmware finds its deploy and config partitions here, so the runner does too.
/// </summary>
public static class PartitionTable
{
    /// <summary>Where the bootloader expects the table in the flash.</summary>
    public const int FlashOffset = 0x8000;

    private const int EntrySize = 32;

    /// <summary>The entries of <paramref name="table"/>.</summary>
    /// <param name="table">The table's bytes.</param>
    /// <returns>The partitions, in table order.</returns>
    public static IReadOnlyList<Partition> Parse(byte[] table)
    {
        var partitions = new List<Partition>();
        for (var at = 0; at + EntrySize <= table.Length; at += EntrySize)
        {
            var entry = table.AsSpan(at, EntrySize);
            if (entry[0] == 0xAA && entry[1] == 0x50)
            {
                var label = Encoding.ASCII.GetString(entry.Slice(12, 16)).TrimEnd('\0');
                partitions.Add(new Partition(label, entry[2], entry[3],
                    BinaryPrimitives.ReadInt32LittleEndian(entry.Slice(4)), BinaryPrimitives.ReadInt32LittleEndian(entry.Slice(8))));
            }
            else if ((entry[0] == 0xEB && entry[1] == 0xEB) || (entry[0] == 0xFF && entry[1] == 0xFF))
            {
                break;
            }
            else
            {
                throw new Esp32RunException($"not an ESP-IDF partition table: unknown entry at byte {at}");
            }
        }

        return partitions.Count > 0 ? partitions : throw new Esp32RunException("the partition table has no entries");
    }

    /// <summary>The partition called <paramref name="label"/>.</summary>
    /// <param name="partitions">The table's entries.</param>
    /// <param name="label">Its name.</param>
    /// <returns>The partition.</returns>
    public static Partition Named(IReadOnlyList<Partition> partitions, string label) =>
        partitions.FirstOrDefault(p => p.Label == label)
        ?? throw new Esp32RunException($"the partition table has no '{label}' partition (it has {string.Join(", ", partitions.Select(p => p.Label))})");
}
