using System.Buffers.Binary;

namespace SiotThing.NanoRun;

/// <summary>
/// The figures of a nanoFramework .pe (marker NFMRK1) from its header: its size, and the sizes of
/// its string table, byte code and signature table, the tables whose 16-bit offsets limit an assembly.
/// </summary>
/// <param name="Bytes">The file's size.</param>
/// <param name="StringTable">The string table's size in bytes.</param>
/// <param name="ByteCode">The byte code's size in bytes.</param>
/// <param name="SignatureTable">The signature table's size in bytes (signatures and array initializers' data).</param>
public sealed record PeFile(int Bytes, int StringTable, int ByteCode, int SignatureTable)
{
    // The header: marker (8 bytes), CRCs, flags, native checksum, patch entry, version, name and
    // string table version, then the start of each of the 16 tables and the padding after each.
    private const int TableStarts = 0x28;
    private const int TablePaddings = 0x6C;
    private const int StringsTable = 11;
    private const int SignaturesTable = 12;
    private const int ByteCodeTable = 13;

    /// <summary>Reads the header of the .pe at <paramref name="path"/>.</summary>
    public static PeFile Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (!bytes.AsSpan(0, 6).SequenceEqual("NFMRK1"u8))
        {
            throw new NanoRunException($"{path} is not a nanoFramework .pe (no NFMRK1 marker)");
        }

        return new PeFile(bytes.Length, TableSize(bytes, StringsTable), TableSize(bytes, ByteCodeTable), TableSize(bytes, SignaturesTable));
    }

    private static int TableSize(byte[] bytes, int table)
    {
        var start = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(TableStarts + 4 * table));
        var next = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(TableStarts + 4 * (table + 1)));
        return next - start - bytes[TablePaddings + table];
    }
}
