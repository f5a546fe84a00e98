using Microsoft.Extensions.Logging;

namespace Cdf.Tool.Diagnostics;

/// <summary>The <c>cdf</c> tool's own log messages (category <c>cdf</c>), with stable event ids.</summary>
internal static partial class ToolLog
{
    [LoggerMessage(1, LogLevel.Information, "resuming generation after localSequenceNumber {Generated}")]
    public static partial void ResumingGeneration(ILogger logger, long generated);

    [LoggerMessage(2, LogLevel.Information, "enqueued {Count} CDRs durably in {State}")]
    public static partial void Enqueued(ILogger logger, long count, string state);

    [LoggerMessage(3, LogLevel.Warning, "not everything was delivered: see the outbox counts above")]
    public static partial void NotAllDelivered(ILogger logger);

    [LoggerMessage(4, LogLevel.Information,
        "acknowledged {Acknowledged}/{Total} CDRs; queued {Queued}, in flight {InFlight}, uncertain {Uncertain}, held {Held}, parked {Parked}, failovers {Failovers}")]
    public static partial void Progress(ILogger logger, long acknowledged, long total, int queued, int inFlight, int uncertain, int held, long parked, long failovers);
}
