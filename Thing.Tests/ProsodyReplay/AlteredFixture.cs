using SiotThing.Protocol.Text;
using SiotThing.Tests.Replay;

namespace SiotThing.Tests.ProsodyReplay
{
    /// <summary>
    /// A fixture with one recorded byte changed, as a core that writes one byte differently would
    /// make it look: the byte after the first occurrence of a marker (a text only the thing writes)
    /// is replaced; the step that holds it is worked out from the steps' lengths.
    /// </summary>
    public sealed class AlteredFixture : ReplayFixture
    {
        private readonly ReplayFixture inner;
        private readonly int chunk = -1;
        private readonly int offset;

        /// <summary>Finds the marker and prepares the change.</summary>
        /// <param name="inner">The recorded fixture.</param>
        /// <param name="marker">ASCII text to look for in the recording.</param>
        /// <param name="replacement">The byte that replaces the one just after the marker.</param>
        public AlteredFixture(ReplayFixture inner, string marker, byte replacement)
        {
            this.inner = inner;
            Replacement = replacement;
            var pattern = Utf8.Encode(marker);
            var stepsBefore = 0;
            for (var i = 0; i < inner.ChunkCount && chunk < 0; i++)
            {
                var bytes = inner.Chunk(i);
                var found = Find(bytes, pattern);
                if (found < 0)
                {
                    stepsBefore += CountSteps(bytes, bytes.Length);
                    continue;
                }

                chunk = i;
                offset = found + pattern.Length;
                Step = stepsBefore + CountSteps(bytes, offset + 1) - 1;
                Original = bytes[offset];
            }
        }

        /// <summary>The number of the step that holds the changed byte, or -1 when the marker is not there.</summary>
        public int Step { get; } = -1;

        /// <summary>The recorded byte.</summary>
        public byte Original { get; }

        /// <summary>What it became.</summary>
        public byte Replacement { get; }

        /// <inheritdoc />
        public override string Name
        {
            get { return inner.Name + " (one byte changed)"; }
        }

        /// <inheritdoc />
        public override int ChunkCount
        {
            get { return inner.ChunkCount; }
        }

        /// <inheritdoc />
        public override byte[] Chunk(int index)
        {
            var bytes = inner.Chunk(index);
            if (index == chunk)
            {
                bytes[offset] = Replacement;
            }

            return bytes;
        }

        private static int Find(byte[] bytes, byte[] pattern)
        {
            for (var i = 0; i + pattern.Length < bytes.Length; i++)
            {
                var j = 0;
                while (j < pattern.Length && bytes[i + j] == pattern[j])
                {
                    j++;
                }

                if (j == pattern.Length)
                {
                    return i;
                }
            }

            return -1;
        }

        /// <summary>How many steps start before <paramref name="end"/> (each is its LEB128 length, then it).</summary>
        private static int CountSteps(byte[] bytes, int end)
        {
            var steps = 0;
            var position = 0;
            while (position < end)
            {
                var length = 0;
                var shift = 0;
                byte b;
                do
                {
                    b = bytes[position++];
                    length |= (b & 0x7F) << shift;
                    shift += 7;
                }
                while ((b & 0x80) != 0);
                position += length;
                steps++;
            }

            return steps;
        }
    }
}
