namespace SiotThing.Esp32Run;

/// <summary>
/// The eFuse block file Espressif's QEMU reads (124 bytes: BLK0's 7 words, then BLK1-3's 8
/// words each, little endian). Without one every fuse reads 0, a chip of revision 0, and a
/// firmware built for revision 3 (nanoFramework's ESP32_REV3: CONFIG_ESP32_REV_MIN_3) refuses to
/// start. Revision 3 is CHIP_VER_REV1 (BLK0 word 3, bit 15) and CHIP_VER_REV2 (BLK0 word 5,
/// bit 20); QEMU supplies the third bit. The MAC stays 00:00:00:00:00:00, whose CRC (0) is valid.
/// </summary>
public static class Efuse
{
    /// <summary>The file's size.</summary>
    public const int Size = 124;

    /// <summary>The fuses of a revision 3 chip.</summary>
    /// <returns>The file's bytes.</returns>
    public static byte[] Revision3()
    {
        var fuses = new byte[Size];
        fuses[(3 * 4) + 1] = 0x80;
        fuses[(5 * 4) + 2] = 0x10;
        return fuses;
    }
}
