using Microsoft.Extensions.Logging;

namespace Gtp.Firewall.Inline;

/// <summary>Live reload events of <c>run</c> (SIGHUP or a change of the --config file), ids 700-709.</summary>
internal static partial class PolicyReloadLog
{
    [LoggerMessage(EventId = 700, Level = LogLevel.Information, Message = "Live reload on: SIGHUP or a change of {Path} reloads the policy")]
    public static partial void Watching(ILogger logger, string path);

    [LoggerMessage(EventId = 701, Level = LogLevel.Information, Message = "Policy reloaded ({Trigger}) from {Path}: {Zones} zones, {Policies} policies, {HandoverGroups} handover groups; tunnels kept: {Tunnels}")]
    public static partial void Applied(ILogger logger, string trigger, string path, int zones, int policies, int handoverGroups, long tunnels);

    [LoggerMessage(EventId = 702, Level = LogLevel.Error, Message = "Policy reload ({Trigger}) refused, the running policy stays: {Reason}")]
    public static partial void Refused(ILogger logger, string trigger, string reason);

    [LoggerMessage(EventId = 703, Level = LogLevel.Warning, Message = "Policy reload ({Trigger}): {Keys} changed but apply only at a restart; the running values stay")]
    public static partial void NeedRestart(ILogger logger, string trigger, string keys);
}
