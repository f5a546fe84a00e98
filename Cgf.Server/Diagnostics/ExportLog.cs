using Charging.CdrFiles;
using Microsoft.Extensions.Logging;

namespace Cgf.Server.Diagnostics;

/// <summary>Source-generated log messages of the export service, the exporter and the export command; event ids 100-119.</summary>
internal static partial class ExportLog
{
    [LoggerMessage(100, LogLevel.Information, "Exporting CDRs to {Directory} (files close at {MaxCdrs} CDRs, {MaxBytes} octets or {MaxAge})")]
    public static partial void Started(ILogger logger, string directory, int maxCdrs, long maxBytes, TimeSpan maxAge);

    [LoggerMessage(101, LogLevel.Information, "Exported {Name}: {Cdrs} CDRs, {Length} octets, file sequence number {Sequence}, closure {Reason}")]
    public static partial void FileExported(ILogger logger, string name, int cdrs, long length, uint sequence, FileClosureTriggerReason reason);

    // 102: retired (it logged free text; those messages are 106 and 107), not to be reused.

    [LoggerMessage(103, LogLevel.Error, "Export to {Directory} failing since {Since:u}")]
    public static partial void Failing(ILogger logger, string directory, DateTimeOffset since, Exception exception);

    [LoggerMessage(104, LogLevel.Error, "Export directory unwritable for {Duration}: Redirection Request cause 62 (link to billing lost) to {Peers} active peers; still accepting CDRs")]
    public static partial void DownstreamLost(ILogger logger, TimeSpan duration, int peers);

    [LoggerMessage(105, LogLevel.Information, "Export works again: Node Alive to {Peers} active peers")]
    public static partial void DownstreamRestored(ILogger logger, int peers);

    [LoggerMessage(106, LogLevel.Information, "deleted leftover temporary file {Name}")]
    public static partial void TemporaryFileDeleted(ILogger logger, string name);

    [LoggerMessage(107, LogLevel.Warning, "recorded complete file {Name} left unrecorded by an interrupted export: {Cdrs} CDRs, sequence {Sequence}")]
    public static partial void UnrecordedFileRecorded(ILogger logger, string name, int cdrs, uint sequence);

    [LoggerMessage(108, LogLevel.Information, "exporting CDRs: {Done}/{Total} ({Rate:F0}/s)")]
    public static partial void Progress(ILogger logger, long done, long total, double rate);

    [LoggerMessage(109, LogLevel.Information, "export: {Cdrs} CDRs in {Files} files to {Directory} in {Seconds:F2} s ({Rate:F0} CDRs/s)")]
    public static partial void Completed(ILogger logger, long cdrs, int files, string directory, double seconds, double rate);

    [LoggerMessage(163, LogLevel.Warning, "export: took the pool's export lease over from CGF {Previous} (not renewed within Cgf:Export:TakeoverAfter, or given up); continuing the file sequence at {Next}")]
    public static partial void LeaseTakenOver(ILogger logger, string previous, uint next);

    [LoggerMessage(164, LogLevel.Information, "export: standing by, CGF {Holder} exports for the pool")]
    public static partial void StandingBy(ILogger logger, string holder);

    [LoggerMessage(165, LogLevel.Information, "export: this CGF holds the pool's export lease")]
    public static partial void LeaseAcquired(ILogger logger);

    [LoggerMessage(131, LogLevel.Warning, "withheld {Cdrs} stored CDRs from export: their Data Record Format has no TS 32.297 code (docs/cdr-formats.md §4); they stay in the database with status 'withheld' (cdrs --status withheld)")]
    public static partial void CdrsWithheld(ILogger logger, int cdrs);
}
