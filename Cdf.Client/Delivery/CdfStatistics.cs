namespace Cdf.Client.Delivery;

/// <summary>Counts since this client started (the outbox keeps the durable totals).</summary>
public sealed record CdfStatistics(
    long AcknowledgedCdrs,
    long AcknowledgedRequests,
    long ParkedRequests,
    long ParkedCdrs,
    long Failovers,
    long ReleasedPackets,
    long CancelledPackets,
    long Retransmissions,
    /// <summary>Delivery-loop transactions committed to the outbox (each one fsync).</summary>
    long OutboxCommits,
    int QueuedCdrs,
    int InFlightRequests,
    int UncertainRequests,
    int HeldRequests);
