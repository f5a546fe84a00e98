namespace Storage.Cdf;

/// <summary>Counts of a CDF outbox, for <c>cdf</c> summaries and tests.</summary>
public sealed record CdfOutboxStatus(
    long QueuedCdrs,
    long InFlightRequests,
    long UncertainRequests,
    long HeldRequests,
    long ParkedRequests,
    long ParkedCdrs,
    long OutboxCdrs,
    long AcknowledgedCdrs,
    long ReleasedPackets,
    long CancelledPackets)
{
    /// <summary>Nothing left to send, and every possibly-duplicated packet is released or cancelled.</summary>
    public bool IsDrained => OutboxCdrs == ParkedCdrs && InFlightRequests == 0 && UncertainRequests == 0 && HeldRequests == 0;
}
