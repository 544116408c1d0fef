using System;
using System.IO;

namespace SiotThing.Firmware.Esp32
{
    /// <summary>Whole-file reads and writes on the ESP32's internal flash drive (<c>I:\</c>, littlefs).</summary>
    public static class FlashFiles
    {
        /// <summary>The internal flash drive.</summary>
        public const string Drive = "I:\\";

        /// <summary>The largest file read (a configuration, a CA certificate, a state slot).</summary>
        public const int MaxBytes = 16384;

        /// <summary>Reads a whole file.</summary>
        /// <param name="path">The file's full path, e.g. <c>I:\thing.conf</c>.</param>
        /// <returns>Its bytes; <c>null</c> when it is missing, larger than <see cref="MaxBytes"/> or cannot be read. Never throws.</returns>
        public static byte[] ReadAll(string path)
        {
            try
            {
                if (path == null || !File.Exists(path))
                {
                    return null;
                }

                using (var file = new FileStream(path, FileMode.Open, FileAccess.Read))
                {
                    var length = file.Length;
                    if (length < 0 || length > MaxBytes)
                    {
                        return null;
                    }

                    var bytes = new byte[(int)length];
                    var read = 0;
                    while (read < bytes.Length)
                    {
                        var count = file.Read(bytes, read, bytes.Length - read);
                        if (count <= 0)
                        {
                            break;
                        }

                        read += count;
                    }

                    if (read == bytes.Length)
                    {
                        return bytes;
                    }

                    // Shorter than its length said (a write cut short): what is there.
                    var shorter = new byte[read];
                    Array.Copy(bytes, shorter, read);
                    return shorter;
                }
            }
            catch (Exception)
            {
                // A damaged file system entry or a half-written file: treated as missing.
                return null;
            }
        }

        /// <summary>
        /// Replaces a whole file. On littlefs (nf-interpreter 8ca767c52 with esp_littlefs) the new
        /// content is committed when the file is closed, and not before (the native Flush is not
        /// a sync): a power loss before that leaves the old content, and one after it the new.
        /// </summary>
        /// <param name="path">The file's full path.</param>
        /// <param name="bytes">Its new content.</param>
        /// <param name="count">How many of <paramref name="bytes"/>.</param>
        public static void Write(string path, byte[] bytes, int count)
        {
            using (var file = new FileStream(path, FileMode.Create, FileAccess.Write))
            {
                file.Write(bytes, 0, count);
            }
        }
    }
}
