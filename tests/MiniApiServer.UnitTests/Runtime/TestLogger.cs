using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace MiniApiServer.UnitTests.Runtime;

/// <summary>Captures log entries so a test can assert on level and message.</summary>
public sealed class TestLogger : ILogger
{
    public ConcurrentQueue<(LogLevel Level, string Message, Exception? Exception)> Entries { get; } = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Entries.Enqueue((logLevel, formatter(state, exception), exception));
}
