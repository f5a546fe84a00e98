using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Operations.Logging;

/// <summary>
/// Applies the <c>Logging</c> section (file, environment, <c>--Logging:…</c> on the command line) on top of
/// <see cref="ConsoleLogging.AddSingleLineConsole"/>, so <c>--Logging:Console:FormatterName=json</c> gives one JSON
/// object per log line and <c>Logging:LogLevel</c> sets the levels.
/// </summary>
public static class LoggingConfiguration
{
    public const string SectionName = "Logging";

    /// <summary>Call after <see cref="ConsoleLogging.AddSingleLineConsole"/>: its "simple" formatter is a default the section may replace.</summary>
    public static ILoggingBuilder AddLoggingSection(this ILoggingBuilder builder, IConfiguration configuration)
    {
        var section = configuration.GetSection(SectionName);
        builder.AddConfiguration(section);
        // AddSimpleConsole names its formatter after the provider's own binding of Logging:Console, so bind it again last.
        builder.Services.Configure<ConsoleLoggerOptions>(section.GetSection("Console"));
        return builder;
    }

    /// <summary>A logger factory for a command that runs without the generic host, with the section applied.</summary>
    public static ILoggerFactory CreateLoggerFactory(IConfiguration configuration, bool verbose = false) => LoggerFactory.Create(builder =>
    {
        builder.SetMinimumLevel(verbose ? LogLevel.Debug : LogLevel.Information);
        builder.AddSingleLineConsole();
        builder.AddLoggingSection(configuration);
    });
}
