using Microsoft.Extensions.Logging;

namespace Cgf.Server.Diagnostics;

/// <summary>Log events of free-disk protection and retention (ids 160-169).</summary>
internal static partial class RetentionLog
{
    [LoggerMessage(160, LogLevel.Warning, "Free space {Free} octets on the database's volume is below Cgf:Storage:MinFreeDisk {Threshold}: new CDRs answered 199")]
    public static partial void FreeDiskLow(ILogger logger, long free, string threshold);

    [LoggerMessage(161, LogLevel.Information, "Free space {Free} octets on the database's volume is above Cgf:Storage:MinFreeDisk {Threshold} again: Node Alive to {Peers} active peers")]
    public static partial void FreeDiskRecovered(ILogger logger, long free, string threshold, int peers);

    [LoggerMessage(162, LogLevel.Warning, "Retention chunks failing ({Failures} so far); removal is tried again later")]
    public static partial void RetentionFailing(ILogger logger, long failures);
}
