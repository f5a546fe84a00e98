using Microsoft.Extensions.Logging;
using System.Collections.Concurrent;

namespace Cgf.Server.Tests.Infrastructure;

/// <summary>The log lines a <see cref="TestCgf"/> writes, as formatted by their [LoggerMessage] templates.</summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<(int EventId, LogLevel Level, string Message)> _lines = new();

    public sealed record Line(int EventId, LogLevel Level, string Message);

    public IReadOnlyList<Line> Lines => _lines.Select(l => new Line(l.EventId, l.Level, l.Message)).ToList();

    public IReadOnlyList<Line> WithEventId(int eventId) => Lines.Where(l => l.EventId == eventId).ToList();

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    private sealed class Logger(LogCapture capture) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
                capture._lines.Enqueue((eventId.Id, logLevel, formatter(state, exception)));
        }
    }
}
