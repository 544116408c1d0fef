using Microsoft.Extensions.Logging;

namespace SiotThing.Provisioning.Tests.Integration;

/// <summary>Writes log lines to a test's output, and keeps them for assertions.</summary>
internal sealed class TestOutputLoggerProvider(ITestOutputHelper output) : ILoggerProvider
{
    private readonly List<string> lines = [];

    /// <summary>Every line logged so far.</summary>
    public string Text
    {
        get
        {
            lock (lines)
            {
                return string.Join('\n', lines);
            }
        }
    }

    public ILogger CreateLogger(string categoryName) => new TestOutputLogger(this, categoryName);

    public void Dispose()
    {
    }

    /// <summary>Keeps and shows one line.</summary>
    internal void Write(string line)
    {
        lock (lines)
        {
            lines.Add(line);
        }

        try
        {
            output.WriteLine(line);
        }
        catch (InvalidOperationException)
        {
            // The test has ended; a late line of a stopping service has nowhere to go.
        }
    }
}
