using Charging.GtpPrime;

namespace Storage.Cgf;

/// <summary>
/// A Data Record Transfer Request on its way to the single writer. The writer sets <see cref="Result"/>
/// after the transaction holding it commits (or 199 when the commit failed).
/// </summary>
public sealed class TransferRequest
{
    public required string Peer { get; init; }
    public required ushort SequenceNumber { get; init; }
    public required TransferKind Kind { get; init; }
    /// <summary>SHA-256 (first 16 octets) of what makes the request the same request again: the Data Record Packet, or the released/cancelled list.</summary>
    public UInt128 ContentHash { get; init; }
    /// <summary>format &lt;&lt; 24 | application &lt;&lt; 20 | release &lt;&lt; 16 | version &lt;&lt; 8 | release extension.</summary>
    public int RecordFormat { get; init; }
    public IReadOnlyList<IncomingRecord> Records { get; init; } = [];
    /// <summary>Sequence numbers of released (PTC 4) or cancelled (PTC 3) packets.</summary>
    public IReadOnlyList<ushort> Sequences { get; init; } = [];
    public long ReceivedAtMs { get; init; } = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
    /// <summary>Opaque to storage: who to answer and how.</summary>
    public object? ReplyState { get; init; }
    /// <summary>Set when the request was enqueued (Stopwatch ticks), for latency metrics.</summary>
    public long EnqueuedTimestamp { get; set; }

    public GtpPrimeCause Result { get; internal set; }
}
