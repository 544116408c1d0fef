using System.Buffers.Binary;
using System.Text;
using SiotThing.Esp32Run;

namespace SiotThing.Build.Tests;

/// <summary>
/// tools/Esp32Run's flash image: the firmware's partition table read as the bootloader reads it,
/// every part at its place, the assemblies back to back at 4-byte boundaries, nothing that does
/// not fit; and, where Espressif's QEMU is built, a chip that boots.
/// </summary>
public sealed class Esp32RunTests
{
    [Fact]
    public void ThePartitionTableIsReadAsTheBootloaderReadsIt()
    {
        var partitions = PartitionTable.Parse(NanoFrameworkTable());

        Assert.Equal(["nvs", "phy_init", "factory", "deploy", "config"], partitions.Select(p => p.Label));
        Assert.Equal(new Partition("deploy", 1, 0x84, 0x1E0000, 0x1C0000), PartitionTable.Named(partitions, "deploy"));
        Assert.Equal("the partition table has no 'ota_0' partition (it has nvs, phy_init, factory, deploy, config)",
            Assert.Throws<Esp32RunException>(() => PartitionTable.Named(partitions, "ota_0")).Message);
        Assert.Throws<Esp32RunException>(() => PartitionTable.Parse(new byte[64]));
    }

    [Fact]
    public void EveryPartGoesWhereTheFirmwareLooksForIt()
    {
        var mscorlib = Pe("mscorlib", 10);
        var app = Pe("app", 7);
        var config = new byte[0x40000];
        config[0] = 0x42;

        var flash = FlashImage.Build([1, 2, 3], NanoFrameworkTable(), [9, 9], [("mscorlib.pe", mscorlib), ("app.pe", app)], config);

        Assert.Equal(FlashImage.Size, flash.Length);
        Assert.Equal(0xFF, flash[0]);
        Assert.Equal([1, 2, 3], flash[0x1000..0x1003]);
        Assert.Equal(0xAA, flash[0x8000]);
        Assert.Equal([9, 9], flash[0x10000..0x10002]);
        Assert.Equal(mscorlib, flash[0x1E0000..(0x1E0000 + mscorlib.Length)]);
        Assert.Equal(app, flash[0x1E0010..(0x1E0010 + app.Length)]);
        Assert.Equal(0xFF, flash[0x1E0010 + app.Length]);
        Assert.Equal(0x42, flash[0x3C0000]);
        Assert.Equal(16 + 16, FlashImage.DeploymentSize([("mscorlib.pe", mscorlib), ("app.pe", app)]));
    }

    [Fact]
    public void WhatIsNotAnAssemblyOrDoesNotFitIsRefused()
    {
        var table = NanoFrameworkTable();

        Assert.Equal("notes.txt is not a nanoFramework .pe (it does not start with NFMRK1)",
            Assert.Throws<Esp32RunException>(() => FlashImage.Build([], table, [], [("notes.txt", new byte[16])], null)).Message);
        Assert.StartsWith("huge.pe (1835012 bytes) does not fit at 0x1E0000",
            Assert.Throws<Esp32RunException>(() => FlashImage.Build([], table, [], [("huge.pe", Pe("huge", 0x1C0000 - 2))], null)).Message);
        Assert.Equal("the config image has 4096 bytes; the config partition has 262144",
            Assert.Throws<Esp32RunException>(() => FlashImage.Build([], table, [], [], new byte[4096])).Message);
    }

    [Fact]
    public void TheEfuseFileSaysRevisionThree()
    {
        var fuses = Efuse.Revision3();

        Assert.Equal(124, fuses.Length);
        Assert.Equal(1u << 15, BinaryPrimitives.ReadUInt32LittleEndian(fuses.AsSpan(3 * 4)));
        Assert.Equal(1u << 20, BinaryPrimitives.ReadUInt32LittleEndian(fuses.AsSpan(5 * 4)));
        Assert.Equal(2, fuses.Count(b => b != 0));
    }

    [SkippableFact]
    public async Task AnErasedChipBootsIntoTheRomAndSaysItFindsNoBootloader()
    {
        var tools = Esp32Tools.Locate();
        Skip.IfNot(File.Exists(tools.Qemu), $"no emulator at {tools.Qemu}");
        var folder = Directory.CreateTempSubdirectory("siot-esp32-").FullName;
        try
        {
            var erased = new byte[FlashImage.Size];
            Array.Fill(erased, (byte)0xFF);
            using var chip = Emulator.Boot(tools.Qemu, erased, folder, null);

            var found = await chip.WaitForLine(line => line.Contains("invalid header: 0xffffffff"), TimeSpan.FromSeconds(60));

            Assert.True(found >= 0, string.Join("\n", chip.Lines));
            Assert.Contains(chip.Lines, line => line.Contains("rst:0x1 (POWERON_RESET)"));
            Assert.Contains("invalid header", File.ReadAllText(Path.Combine(folder, "serial.log")));
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    [SkippableFact]
    public void TheDeviceProjectsCompileCleanlyAgainstTheRealClassLibrariesAndConvert()
    {
        var tools = Esp32Tools.Locate();
        var nano = SiotThing.NanoRun.NanoTools.Locate(null, null, null);
        Skip.IfNot(File.Exists(Path.Combine(tools.LibraryAssemblies, "System.Net.dll")) && File.Exists(nano.MetadataProcessor),
            $"no class libraries built from their tags in {tools.LibraryAssemblies}, or no metadata processor at {nano.MetadataProcessor}");
        var work = Directory.CreateTempSubdirectory("siot-esp32-app-").FullName;
        try
        {
            var pes = ApplicationBuild.Build(BuildEnvironment.RepositoryRoot, tools.LibraryAssemblies, nano.MetadataProcessor, work);

            Assert.Equal(["Thing.Protocol.pe", "Thing.Firmware.pe"], pes.Select(Path.GetFileName));
            Assert.All(pes, pe => Assert.Equal("NFMRK1", Encoding.ASCII.GetString(File.ReadAllBytes(pe), 0, 6)));
        }
        finally
        {
            Directory.Delete(work, true);
        }
    }

    // nanoFramework's 4 MB layout (partitions_nanoclr_4mb.csv), in the binary form the IDF's
    // gen_esp32part.py writes: 32-byte entries, then erased bytes.
    private static byte[] NanoFrameworkTable()
    {
        var table = new byte[0xC00];
        Array.Fill(table, (byte)0xFF);
        var entries = new (string Label, int Type, int SubType, int Offset, int Size)[]
        {
            ("nvs", 1, 0x02, 0x9000, 0x6000), ("phy_init", 1, 0x01, 0xF000, 0x1000), ("factory", 0, 0x00, 0x10000, 0x1D0000),
            ("deploy", 1, 0x84, 0x1E0000, 0x1C0000), ("config", 1, 0x83, 0x3C0000, 0x40000),
        };
        for (var i = 0; i < entries.Length; i++)
        {
            var entry = table.AsSpan(i * 32, 32);
            entry.Clear();
            entry[0] = 0xAA;
            entry[1] = 0x50;
            entry[2] = (byte)entries[i].Type;
            entry[3] = (byte)entries[i].SubType;
            BinaryPrimitives.WriteInt32LittleEndian(entry[4..], entries[i].Offset);
            BinaryPrimitives.WriteInt32LittleEndian(entry[8..], entries[i].Size);
            Encoding.ASCII.GetBytes(entries[i].Label).CopyTo(entry[12..]);
        }

        return table;
    }

    private static byte[] Pe(string name, int length)
    {
        var bytes = new byte[length + 6];
        Encoding.ASCII.GetBytes("NFMRK1").CopyTo(bytes, 0);
        bytes[^1] = (byte)name.Length;
        return bytes;
    }
}
