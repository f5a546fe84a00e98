using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Operations.Logging;

/// <summary>
/// The one console-logging set-up of the three programs: single lines with UTC timestamps. A command logs on stderr, so
/// stdout keeps what it prints for a person or a script (a summary, a report, JSON); a daemon's log is its output.
/// </summary>
public static class ConsoleLogging
{
    /// <summary>The configuration section that sets levels and the console formatter.</summary>
    public const string LoggingSectionName = "Logging";

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

    /// <summary>
    /// Section <c>Logging</c> of the configuration over the single-line default: levels, and <c>Logging:Console</c>
    /// (<c>FormatterName=json</c> for one JSON object per line). Call after <see cref="AddSingleLineConsole"/>, whose
    /// formatter choice would otherwise win over the configured one.
    /// </summary>
    public static ILoggingBuilder AddLoggingConfiguration(this ILoggingBuilder builder, IConfiguration configuration)
    {
        var logging = configuration.GetSection(LoggingSectionName);
        builder.AddConfiguration(logging);
        builder.Services.Configure<ConsoleLoggerOptions>(logging.GetSection("Console"));
        return builder;
    }

    /// <summary>A logger factory for a command that runs without the generic host.</summary>
    public static ILoggerFactory CreateLoggerFactory(bool verbose) => CreateLoggerFactory(verbose, null);

    /// <summary>As <see cref="CreateLoggerFactory(bool)"/>, with section <c>Logging</c> of <paramref name="configuration"/> applied.</summary>
    public static ILoggerFactory CreateLoggerFactory(bool verbose, IConfiguration? configuration) => LoggerFactory.Create(builder =>
    {
        builder.SetMinimumLevel(verbose ? LogLevel.Debug : LogLevel.Information);
        builder.AddSingleLineConsole();
        if (configuration is null)
            return;
        builder.AddLoggingConfiguration(configuration);
        // The file's LogLevel:Default would otherwise win over the minimum level: --verbose is the later word.
        if (verbose)
            builder.AddFilter<ConsoleLoggerProvider>(null, LogLevel.Debug);
    });
}
