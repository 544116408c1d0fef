using Microsoft.Extensions.Logging;

namespace SiotThing.Provisioning.Tests.Integration;

/// <summary>One category's logger of a <see cref="TestOutputLoggerProvider"/>: every level, one line per entry.</summary>
internal sealed class TestOutputLogger(TestOutputLoggerProvider provider, string category) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        provider.Write($"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel} {category}: {formatter(state, exception)}{(exception == null ? string.Empty : "\n" + exception)}");
}
