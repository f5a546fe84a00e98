using Cgf.Server.Delivery;
using Microsoft.Extensions.Logging;

namespace Cgf.Server.Diagnostics;

/// <summary>Source-generated log messages of delivery to billing (event ids 400-419) and export-directory retention (420-429).</summary>
internal static partial class DeliveryLog
{
    [LoggerMessage(400, LogLevel.Information, "Delivering export files over SFTP ({Mode}) to {Destinations}")]
    public static partial void Started(ILogger logger, string mode, string destinations);

    [LoggerMessage(401, LogLevel.Information, "Delivered {Name} to {Destination} ({Length} octets)")]
    public static partial void Delivered(ILogger logger, string name, string destination, long length);

    [LoggerMessage(402, LogLevel.Error, "Delivery to {Destination} failing ({Reason}): {Message}; the files wait")]
    public static partial void Failing(ILogger logger, string destination, DeliveryFailureKind reason, string message, Exception exception);

    [LoggerMessage(403, LogLevel.Information, "Delivery to {Destination} works again after {Failures} failed attempts")]
    public static partial void Restored(ILogger logger, string destination, int failures);

    [LoggerMessage(404, LogLevel.Warning, "Delivery switched from {From} to {To} after {Failures} consecutive failures")]
    public static partial void Switched(ILogger logger, string from, string to, int failures);

    [LoggerMessage(405, LogLevel.Information, "Delivery back to the first destination {Destination} ({ReturnAfter} after the switch)")]
    public static partial void Returned(ILogger logger, string destination, TimeSpan returnAfter);

    [LoggerMessage(406, LogLevel.Warning, "Recorded {Name} as delivered to {Destination}: {How} (interrupted delivery)")]
    public static partial void Recovered(ILogger logger, string name, string destination, string how);

    [LoggerMessage(407, LogLevel.Warning, "{Name} is no longer in the export directory {Directory}: recorded as missing for {Destination}, not delivered")]
    public static partial void Missing(ILogger logger, string name, string directory, string destination);

    [LoggerMessage(408, LogLevel.Information, "deliver: {Files} files delivered, {Failed} destinations failing, {Undelivered} files undelivered")]
    public static partial void Completed(ILogger logger, int files, int failed, long undelivered);

    [LoggerMessage(409, LogLevel.Error, "Delivery poll failed; the next poll starts afresh")]
    public static partial void PollFailed(ILogger logger, Exception exception);

    [LoggerMessage(420, LogLevel.Information, "Deleted export file {Name} ({Length} octets, closed {ClosedAt:u}): {Reason}")]
    public static partial void Deleted(ILogger logger, string name, long length, DateTimeOffset closedAt, string reason);

    [LoggerMessage(421, LogLevel.Warning, "Export directory retention in {Directory} failed")]
    public static partial void RetentionFailed(ILogger logger, string directory, Exception exception);

    [LoggerMessage(422, LogLevel.Warning, "Export directory {Directory} is above its limit ({Bytes} octets of files, file system {UsedPercent}% used) but every file left is undelivered: nothing deleted")]
    public static partial void OnlyUndeliveredLeft(ILogger logger, string directory, long bytes, int usedPercent);
}
