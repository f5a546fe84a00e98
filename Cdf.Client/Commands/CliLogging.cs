using Microsoft.Extensions.Logging;

namespace Cdf.Client.Commands;

/// <summary>Logging for command-line programs (cdf, Gtp.Firewall): single lines with UTC timestamps on stderr, so stdout keeps the summary.</summary>
public static class CliLogging
{
    public static ILoggerFactory CreateLoggerFactory(bool verbose) => LoggerFactory.Create(builder =>
    {
        builder.SetMinimumLevel(verbose ? LogLevel.Debug : LogLevel.Information);
        builder.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.UseUtcTimestamp = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
        });
        builder.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
    });
}
