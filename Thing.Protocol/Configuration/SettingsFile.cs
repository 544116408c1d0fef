using SiotThing.Protocol.Text;

namespace SiotThing.Protocol.Configuration
{
    /// <summary>
    /// The thing's configuration file: UTF-8 text, one <c>key = value</c> per line, <c>#</c> starts a
    /// comment line, blank lines are ignored, keys are case-insensitive, every key at most once.
    /// A format this plain because the device has no JSON library, and because people edit it by
    /// hand before deploying it to <c>I:\</c> with nanoff. Unknown keys are errors (a typo must not
    /// silently fall back to a default).
    /// </summary>
    public sealed class SettingsFile
    {
        /// <summary>The largest file accepted, in bytes.</summary>
        public const int MaxBytes = 8192;

        private const int MaxEntries = 64;

        private readonly string[] keys = StringArrays.Create(MaxEntries);
        private readonly string[] values = StringArrays.Create(MaxEntries);
        private readonly int[] lines = new int[MaxEntries];

        private SettingsFile()
        {
        }

        /// <summary>How many entries the file has.</summary>
        public int Count { get; private set; }

        /// <summary>Why the file could not be read, or <c>null</c> when it was.</summary>
        public string Error { get; private set; }

        /// <summary>Reads a file's bytes.</summary>
        /// <param name="bytes">The file.</param>
        /// <param name="allowedKeys">Every key the file may contain (lower case); keys of the form <c>prefix.*</c> allow any key that starts with the prefix.</param>
        /// <returns>The settings; check <see cref="Error"/>.</returns>
        public static SettingsFile Parse(byte[] bytes, string[] allowedKeys)
        {
            var file = new SettingsFile();
            if (bytes == null)
            {
                file.Error = "the configuration file is missing";
                return file;
            }

            if (bytes.Length > MaxBytes)
            {
                file.Error = "the configuration file is larger than " + MaxBytes + " bytes";
                return file;
            }

            var start = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0;
            var lineNumber = 0;
            while (start <= bytes.Length && file.Error == null)
            {
                // Split on the bytes: in UTF-8 a '\n' byte is never part of another character.
                var end = start;
                while (end < bytes.Length && bytes[end] != (byte)'\n')
                {
                    end++;
                }

                lineNumber++;
                var line = Utf8.Decode(bytes, start, end - start);
                if (line == null)
                {
                    file.Error = "line " + lineNumber + ": not UTF-8 text";
                }
                else
                {
                    file.ParseLine(line, lineNumber, allowedKeys);
                }

                start = end + 1;
            }

            return file;
        }

        /// <summary>A value, or <c>null</c> when the key is absent.</summary>
        /// <param name="key">The key (lower case).</param>
        /// <returns>The value, trimmed.</returns>
        public string Get(string key)
        {
            var index = IndexOf(key);
            return index < 0 ? null : values[index];
        }

        /// <summary>The line a key stands on, for error messages; 0 when absent.</summary>
        /// <param name="key">The key (lower case).</param>
        /// <returns>The line number.</returns>
        public int LineOf(string key)
        {
            var index = IndexOf(key);
            return index < 0 ? 0 : lines[index];
        }

        /// <summary>The key of entry <paramref name="index"/> (in file order).</summary>
        /// <param name="index">0 to <see cref="Count"/> - 1.</param>
        /// <returns>The key, lower case.</returns>
        public string KeyAt(int index)
        {
            return keys[index];
        }

        private void ParseLine(string line, int number, string[] allowedKeys)
        {
            line = line.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                return;
            }

            var equals = Utf16.IndexOf(line, '=', 0);
            if (equals <= 0)
            {
                Error = "line " + number + ": expected key = value";
                return;
            }

            var key = line.Substring(0, equals).Trim().ToLower();
            var value = line.Substring(equals + 1).Trim();
            if (!IsAllowed(key, allowedKeys))
            {
                Error = "line " + number + ": unknown key '" + key + "'";
                return;
            }

            if (IndexOf(key) >= 0)
            {
                Error = "line " + number + ": '" + key + "' is already set on line " + LineOf(key);
                return;
            }

            if (Count == MaxEntries)
            {
                Error = "line " + number + ": more than " + MaxEntries + " settings";
                return;
            }

            keys[Count] = key;
            values[Count] = value;
            lines[Count] = number;
            Count++;
        }

        private static bool IsAllowed(string key, string[] allowedKeys)
        {
            for (var i = 0; i < allowedKeys.Length; i++)
            {
                var allowed = allowedKeys[i];
                if (allowed == key)
                {
                    return true;
                }

                if (allowed.EndsWith(".*") && key.Length > allowed.Length - 1 && key.StartsWith(allowed.Substring(0, allowed.Length - 1)))
                {
                    return true;
                }
            }

            return false;
        }

        private int IndexOf(string key)
        {
            for (var i = 0; i < Count; i++)
            {
                if (keys[i] == key)
                {
                    return i;
                }
            }

            return -1;
        }
    }
}
