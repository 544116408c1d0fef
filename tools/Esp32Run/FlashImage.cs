using System.Text;

namespace SiotThing.Esp32Run;

/// <summary>
/// The whole 4 MB flash of an ESP32 as the firmware expects it: erased (0xFF) but for the
/// bootloader at 0x1000, the partition table at 0x8000, the nanoCLR in the factory partition,
/// the application's assemblies in the deploy partition and the littlefs image in the config
/// partition. nanoCLR finds the assemblies by walking the deploy partition: each .pe starts with
/// <c>NFMRK1</c>, one after the other at 4-byte boundaries, mscorlib first.
/// </summary>
public static class FlashImage
{
    /// <summary>The flash's size: the 4 MB layout nanoFramework's ESP32 targets use (QEMU needs the whole chip).</summary>
    public const int Size = 4 * 1024 * 1024;

    /// <summary>Where the ESP32's ROM loads the second-stage bootloader from.</summary>
    public const int BootloaderOffset = 0x1000;

    private static readonly byte[] AssemblyMarker = Encoding.ASCII.GetBytes("NFMRK1");

    /// <summary>Builds the image.</summary>
    /// <param name="bootloader">The IDF bootloader (bootloader.bin).</param>
    /// <param name="partitionTable">The partition table (partition-table.bin).</param>
    /// <param name="nanoClr">The firmware (nanoCLR.bin), for the factory partition.</param>
    /// <param name="assemblies">The .pe files, mscorlib first.</param>
    /// <param name="config">The littlefs image for the config partition, or <c>null</c> to leave it erased.</param>
    /// <returns>The flash's bytes.</returns>
    public static byte[] Build(byte[] bootloader, byte[] partitionTable, byte[] nanoClr, IReadOnlyList<(string Name, byte[] Bytes)> assemblies, byte[]? config)
    {
        var partitions = PartitionTable.Parse(partitionTable);
        var flash = new byte[Size];
        Array.Fill(flash, (byte)0xFF);
        Place(flash, "the bootloader", bootloader, BootloaderOffset, PartitionTable.FlashOffset - BootloaderOffset);
        Place(flash, "the partition table", partitionTable, PartitionTable.FlashOffset, 0x1000);
        var factory = PartitionTable.Named(partitions, "factory");
        Place(flash, "nanoCLR", nanoClr, factory.Offset, factory.Size);

        var deploy = PartitionTable.Named(partitions, "deploy");
        var at = deploy.Offset;
        foreach (var (name, bytes) in assemblies)
        {
            if (bytes.Length < AssemblyMarker.Length || !bytes.AsSpan(0, AssemblyMarker.Length).SequenceEqual(AssemblyMarker))
            {
                throw new Esp32RunException($"{name} is not a nanoFramework .pe (it does not start with NFMRK1)");
            }

            Place(flash, name, bytes, at, deploy.Offset + deploy.Size - at);
            at += (bytes.Length + 3) & ~3;
        }

        if (config != null)
        {
            var partition = PartitionTable.Named(partitions, "config");
            if (config.Length != partition.Size)
            {
                throw new Esp32RunException($"the config image has {config.Length} bytes; the config partition has {partition.Size}");
            }

            Place(flash, "the config image", config, partition.Offset, partition.Size);
        }

        return flash;
    }

    /// <summary>How many bytes of the deploy partition <paramref name="assemblies"/> take.</summary>
    /// <param name="assemblies">The .pe files.</param>
    /// <returns>Their sizes, each rounded up to 4.</returns>
    public static int DeploymentSize(IEnumerable<(string Name, byte[] Bytes)> assemblies) => assemblies.Sum(a => (a.Bytes.Length + 3) & ~3);

    private static void Place(byte[] flash, string what, byte[] bytes, int offset, int room)
    {
        if (bytes.Length > room || offset < 0 || offset + bytes.Length > flash.Length)
        {
            throw new Esp32RunException($"{what} ({bytes.Length} bytes) does not fit at 0x{offset:X} (room for {Math.Max(room, 0)} bytes)");
        }

        bytes.CopyTo(flash, offset);
    }
}
