using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Operations.Logging;

/// <summary>
/// Holds back the host's errors while it starts: a start-up failure (a port in use, a database that cannot be opened)
/// is then the one line Program prints, not also the host's "Hosting failed to start" log with its stack trace. Once
/// started, the host's errors (a failed background service, a failed stop) are logged as usual.
/// </summary>
public sealed class StartupLogGate(IConfiguration configuration)
{
    public const string HostCategory = "Microsoft.Extensions.Hosting.Internal.Host";

    // A filter for one category replaces the configured levels for it, so it applies them itself.
    private readonly LogLevel _minimum = ConfiguredLevel(configuration, HostCategory);
    private volatile bool _started;

    public void Started() => _started = true;

    public bool Allows(LogLevel level) => level >= _minimum && (_started || level < LogLevel.Error);

    /// <summary>The level section Logging:LogLevel gives <paramref name="category"/>: its longest configured prefix, else Default.</summary>
    public static LogLevel ConfiguredLevel(IConfiguration configuration, string category)
    {
        var name = category;
        while (true)
        {
            if (Enum.TryParse<LogLevel>(configuration[$"Logging:LogLevel:{name}"], ignoreCase: true, out var level))
                return level;
            var dot = name.LastIndexOf('.');
            if (dot < 0)
                break;
            name = name[..dot];
        }
        return Enum.TryParse<LogLevel>(configuration["Logging:LogLevel:Default"], ignoreCase: true, out var fallback) ? fallback : LogLevel.Information;
    }
}
