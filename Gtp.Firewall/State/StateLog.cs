using Microsoft.Extensions.Logging;

namespace Gtp.Firewall.State;

/// <summary>Structured log events of the tunnel state (ids 640-649).</summary>
internal static partial class StateLog
{
    [LoggerMessage(EventId = 640, Level = LogLevel.Information, Message = "Tunnel state: {Tunnels} tunnels ({OpenRecords} open usage records) restored from {Store}")]
    public static partial void Restored(ILogger logger, int tunnels, int openRecords, string store);

    [LoggerMessage(EventId = 641, Level = LogLevel.Information, Message = "Tunnel state: final checkpoint of {Tunnels} tunnels written to {Store}; open records stay open for the next start")]
    public static partial void FinalCheckpoint(ILogger logger, int tunnels, string store);

    [LoggerMessage(EventId = 642, Level = LogLevel.Warning, Message = "Tunnel state: the final checkpoint could not be queued (charging queue full); open records are closed instead")]
    public static partial void FinalCheckpointFailed(ILogger logger);
}
