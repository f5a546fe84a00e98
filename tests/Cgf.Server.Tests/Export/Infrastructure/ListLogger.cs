using Microsoft.Extensions.Logging;

namespace Cgf.Server.Tests.Export.Infrastructure;

/// <summary>Keeps each formatted log message, to assert on what was logged.</summary>
public sealed class ListLogger : ILogger
{
    private readonly List<string> _messages = [];

    public IReadOnlyList<string> Messages
    {
        get
        {
            lock (_messages)
                return _messages.ToList();
        }
    }

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_messages)
            _messages.Add(formatter(state, exception));
    }
}
