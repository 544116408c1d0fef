using SiotThing.Tests.Replay;
using SiotThing.Tests.Replay.Fixtures;
using Xunit;
using Xunit.Abstractions;

namespace SiotThing.Tests.Host
{
    /// <summary>
    /// What the replayed stories cost on .NET once the JIT is done, beside the nanoCLR's figures
    /// of the replay tests (docs/performance.md): each fixture replayed 11 times, the fastest of
    /// the last 10 printed. Measured and printed, never asserted.
    /// </summary>
    public sealed class ReplayCostMeasurements
    {
        private const int Runs = 10;
        private readonly ITestOutputHelper output;

        public ReplayCostMeasurements(ITestOutputHelper output)
        {
            this.output = output;
        }

        [Fact]
        public void ProsodyStory() => Measure(new ProsodyStory());

        [Fact]
        public void EjabberdStory() => Measure(new EjabberdStory());

        private void Measure(ReplayFixture fixture)
        {
            new SessionReplay(fixture).Run();
            ReplayFigures fastest = null;
            for (var i = 0; i < Runs; i++)
            {
                var figures = new SessionReplay(fixture).Run();
                if (fastest == null || figures.CoreTicks < fastest.CoreTicks)
                {
                    fastest = figures;
                }
            }

            output.WriteLine(fastest.Describe(fixture.Name + " on .NET, warm"));
        }
    }
}
