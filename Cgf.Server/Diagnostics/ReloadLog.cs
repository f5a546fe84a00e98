using Microsoft.Extensions.Logging;

namespace Cgf.Server.Diagnostics;

/// <summary>Live reload events (SIGHUP or a change of the configuration file), ids 120-129.</summary>
internal static partial class ReloadLog
{
    [LoggerMessage(120, LogLevel.Information, "Live reload on: SIGHUP or a change of {Files} reloads Cgf:Peers, Cgf:RecommendedNode and Cgf:Export")]
    public static partial void Watching(ILogger logger, string files);

    [LoggerMessage(121, LogLevel.Information, "Configuration reloaded ({Trigger}): applied {Changed}")]
    public static partial void Applied(ILogger logger, string trigger, string changed);

    [LoggerMessage(122, LogLevel.Error, "Configuration reload ({Trigger}) refused, the running configuration stays: {Reason}")]
    public static partial void Refused(ILogger logger, string trigger, string reason);

    [LoggerMessage(123, LogLevel.Warning, "Configuration reload ({Trigger}): {Keys} changed but apply only at a restart; the running values stay")]
    public static partial void NeedRestart(ILogger logger, string trigger, string keys);
}
