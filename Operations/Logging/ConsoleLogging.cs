using Microsoft.Extensions.Logging;

namespace Operations.Logging;

/// <summary>
/// The one console-logging set-up of the three programs: single lines with UTC timestamps on stderr, so stdout keeps
/// what a command prints for a person or a script (a summary, a report, JSON).
/// </summary>
public static class ConsoleLogging
{
    private const string TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";

    /// <summary>Replaces the builder's providers with the single-line console on stderr.</summary>
    public static ILoggingBuilder AddSingleLineConsole(this ILoggingBuilder builder)
    {
        builder.ClearProviders();
        builder.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.UseUtcTimestamp = true;
            o.TimestampFormat = TimestampFormat;
        });
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
