namespace Storage.Cdf;

/// <summary>Where a Data Record Transfer Request of the outbox stands. Acknowledged requests are deleted.</summary>
public enum OutboxRequestState
{
    /// <summary>Sent (or about to be) and not answered yet; re-sent with the same number after a CDF restart.</summary>
    InFlight = 0,
    /// <summary>Its CGF went down before answering: the CGF may or may not hold it (docs/gtp-prime.md §5.6).</summary>
    Uncertain = 1,
    /// <summary>A Send-possibly-duplicated copy the CGF acknowledged and holds until Release or Cancel.</summary>
    Held = 2,
    /// <summary>Rejected with a cause that retrying cannot fix (193, 201-203, ...): CDRs kept, never retried.</summary>
    Parked = 3,
}
