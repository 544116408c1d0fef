using System.IO;
using SiotThing.ReplayFixtures;
using SiotThing.Tests.Replay;

namespace SiotThing.Tests.Host.Integration
{
    /// <summary>A recording file (siot-thing --record) as a fixture, chunked as the fixtures compiled in are.</summary>
    internal sealed class RecordingFixture : ReplayFixture
    {
        private readonly byte[][] chunks;

        public RecordingFixture(string path, string name)
        {
            Name = name;
            chunks = FixtureWriter.Chunks(RecordingFile.Steps(File.ReadAllBytes(path))).ToArray();
        }

        public override string Name { get; }

        public override int ChunkCount => chunks.Length;

        public override byte[] Chunk(int index) => (byte[])chunks[index].Clone();
    }
}
