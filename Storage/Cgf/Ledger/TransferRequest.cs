namespace Storage.Cgf.Ledger;

/// <summary>
/// A Data Record Transfer Request as the ledger sees it. The writer sets <see cref="Outcome"/> once the transaction
/// holding it committed (or <see cref="TransferOutcome.NotStored"/> when the commit failed). Who to answer and how is
/// the caller's: it derives its own request type and the writer hands that type back (CgfWriter&lt;TRequest&gt;).
/// </summary>
public class TransferRequest
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
    /// <summary>Set when the request was enqueued (Stopwatch ticks), for latency metrics.</summary>
    public long EnqueuedTimestamp { get; set; }

    public TransferOutcome Outcome { get; internal set; }

    /// <summary>True when every record is well-formed (a malformed one is kept in quarantine, not stored as a CDR).</summary>
    internal bool AllRecordsWellFormed
    {
        get
        {
            var records = Records;
            for (var i = 0; i < records.Count; i++)
            {
                if (!records[i].WellFormed)
                    return false;
            }
            return true;
        }
    }
}
