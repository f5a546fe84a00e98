using Microsoft.Extensions.Logging;

namespace Operations.Alarms;

/// <summary>Alarm events; ids 9000-9099 are reserved for them in every program, so a collector can match on them.</summary>
internal static partial class AlarmLog
{
    [LoggerMessage(9000, LogLevel.Warning, "Alarm raised: {Alarm} {Subject}: {Reason}")]
    public static partial void Raised(ILogger logger, string alarm, string subject, string reason);

    [LoggerMessage(9001, LogLevel.Information, "Alarm cleared: {Alarm} {Subject} (active {Duration})")]
    public static partial void Cleared(ILogger logger, string alarm, string subject, TimeSpan duration);
}
