namespace Cdf.Client.Delivery;

/// <summary>What a request this CDF originates is for.</summary>
internal enum ExchangeKind
{
    /// <summary>Data Record Transfer Request with records: PTC 1 Send, or PTC 2 after a failover.</summary>
    Data,
    /// <summary>PTC 2 with an empty Data Record Packet and the old sequence number (docs/gtp-prime.md §5.6).</summary>
    TestPacket,
    /// <summary>PTC 3 for an earlier possibly-duplicated copy whose CGF went down before answering.</summary>
    CancelPredecessor,
    /// <summary>PTC 4: commit the held possibly-duplicated copy.</summary>
    Release,
    /// <summary>PTC 3: drop the held possibly-duplicated copy, the first CGF had the packet.</summary>
    Cancel,
    Echo,
}
