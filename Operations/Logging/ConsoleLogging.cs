using Microsoft.Extensions.Logging;

namespace Operations.Logging;

/// <summary>
/// The one console-logging set-up of the three programs: single lines with UTC timestamps. A command logs on stderr, so
/// stdout keeps what it prints for a person or a script (a summary, a report, JSON); a daemon's log is its output.
/// </summary>
public static class ConsoleLogging
{
    private const string TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";

    /// <summary>Replaces the builder's providers with the single-line console, on stderr unless <paramref name="toStandardError"/> is false.</summary>
    public static ILoggingBuilder AddSingleLineConsole(this ILoggingBuilder builder, bool toStandardError = true)
    {
        builder.ClearProviders();
        builder.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.UseUtcTimestamp = true;
            o.TimestampFormat = TimestampFormat;
        });
        if (toStandardError)
            builder.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        return builder;
    }

    /// <summary>A logger factory for a command that runs without the generic host.</summary>
    public static ILoggerFactory CreateLoggerFactory(bool verbose) => LoggerFactory.Create(builder =>
    {
        builder.SetMinimumLevel(verbose ? LogLevel.Debug : LogLevel.Information);
        builder.AddSingleLineConsole();
    });
}
