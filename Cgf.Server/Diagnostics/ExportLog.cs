using Microsoft.Extensions.Logging;

namespace Cgf.Server.Diagnostics;

/// <summary>Source-generated log messages of the export service; event ids 100-119.</summary>
internal static partial class ExportLog
{
    [LoggerMessage(100, LogLevel.Information, "Exporting CDRs to {Directory} (files close at {MaxCdrs} CDRs, {MaxBytes} octets or {MaxAge})")]
    public static partial void Started(ILogger logger, string directory, int maxCdrs, long maxBytes, TimeSpan maxAge);

    [LoggerMessage(101, LogLevel.Information, "Exported {Name}: {Cdrs} CDRs, {Length} octets, file sequence number {Sequence}, closure {Reason}")]
    public static partial void FileExported(ILogger logger, string name, int cdrs, long length, uint sequence, string reason);

    [LoggerMessage(102, LogLevel.Information, "Export: {Message}")]
    public static partial void Note(ILogger logger, string message);

    [LoggerMessage(103, LogLevel.Error, "Export to {Directory} failing since {Since:u}: {Message}")]
    public static partial void Failing(ILogger logger, string directory, DateTimeOffset since, string message);

    [LoggerMessage(104, LogLevel.Error, "Export directory unwritable for {Duration}: Redirection Request cause 62 (link to billing lost) to {Peers} active peers; still accepting CDRs")]
    public static partial void DownstreamLost(ILogger logger, TimeSpan duration, int peers);

    [LoggerMessage(105, LogLevel.Information, "Export works again: Node Alive to {Peers} active peers")]
    public static partial void DownstreamRestored(ILogger logger, int peers);
}
