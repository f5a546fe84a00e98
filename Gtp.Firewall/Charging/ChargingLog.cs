using Microsoft.Extensions.Logging;

namespace Gtp.Firewall.Charging;

/// <summary>Structured log events of the firewall's charging.</summary>
internal static partial class ChargingLog
{
    [LoggerMessage(EventId = 600, Level = LogLevel.Information, Message = "Usage charging started: {CgfCount} CGF(s), outbox {Outbox}, next localSequenceNumber {NextLocalSequenceNumber}")]
    public static partial void Started(ILogger logger, int cgfCount, string outbox, long nextLocalSequenceNumber);

    [LoggerMessage(EventId = 601, Level = LogLevel.Warning, Message = "Usage record queue full ({Capacity}): partial closures are merged into the next record, final records wait in a spill list")]
    public static partial void QueueFull(ILogger logger, int capacity);

    [LoggerMessage(EventId = 602, Level = LogLevel.Error, Message = "Usage record lost (queue and spill list full): IMSI {Imsi} NSAPI/EBI {Nsapi}, uplink {Uplink} downlink {Downlink} octets")]
    public static partial void RecordLost(ILogger logger, string imsi, byte nsapi, long uplink, long downlink);

    [LoggerMessage(EventId = 603, Level = LogLevel.Error, Message = "Storing {Count} usage CDRs in the outbox failed (attempt {Attempt}); retrying")]
    public static partial void EnqueueFailed(ILogger logger, int count, int attempt, Exception exception);
}
