namespace SiotThing.Protocol.Storage
{
    /// <summary>
    /// CRC-32 of IEEE 802.3 (as in zip, PNG and Ethernet): polynomial 0x04C11DB7, reflected
    /// (0xEDB88320), initial value and final XOR 0xFFFFFFFF; the check value of "123456789" is
    /// 0xCBF43926. Written by hand because nanoFramework's mscorlib has no checksum. It is
    /// computed bit by bit, without the usual 256-entry table: the table would hold 1 KiB of RAM
    /// for the whole uptime to speed up a check that runs over a few hundred bytes at boot and
    /// when the state changes.
    /// </summary>
    public static class Crc32
    {
        /// <summary>The reflected IEEE 802.3 polynomial.</summary>
        public const uint Polynomial = 0xEDB88320;

        /// <summary>The CRC-32 of <paramref name="count"/> bytes of <paramref name="data"/> from <paramref name="offset"/>.</summary>
        /// <param name="data">The buffer.</param>
        /// <param name="offset">The first byte.</param>
        /// <param name="count">How many bytes.</param>
        /// <returns>The checksum.</returns>
        public static uint Compute(byte[] data, int offset, int count)
        {
            var crc = 0xFFFFFFFF;
            var end = offset + count;
            for (var i = offset; i < end; i++)
            {
                crc ^= data[i];
                for (var bit = 0; bit < 8; bit++)
                {
                    // Without a branch: the mask is all ones when the bit shifted out is 1.
                    crc = (crc >> 1) ^ (Polynomial & (0 - (crc & 1)));
                }
            }

            return ~crc;
        }
    }
}
