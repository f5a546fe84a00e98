namespace Storage.Cdf;

/// <summary>One transaction's worth of delivery-loop changes (group commit of the loop's decisions).</summary>
public sealed class OutboxChanges
{
    /// <summary>CDRs to store (ids given by the caller from <see cref="CdfOutbox.NextCdrId"/> on).</summary>
    public List<QueuedCdr> Enqueued { get; } = [];
    /// <summary>Producer checkpoints stored with the CDRs (see <see cref="CdfOutbox.ReadCheckpoint"/>).</summary>
    public List<(string Name, long Value)> Checkpoints { get; } = [];
    /// <summary>Producer state rows in commit order: a null value deletes the key (see <see cref="CdfOutbox.LoadProducerState"/>).</summary>
    public List<ProducerStateRow> ProducerState { get; } = [];
    /// <summary>Inserted; their <see cref="OutboxRequest.Id"/> is set by <see cref="CdfOutbox.Apply"/>.</summary>
    public List<OutboxRequest> Added { get; } = [];
    public List<OutboxRequest> Updated { get; } = [];
    /// <summary>Deleted together with their CDR ranges: acknowledged, released or cancelled.</summary>
    public List<OutboxRequest> Completed { get; } = [];
    public Dictionary<string, ushort> NextSequenceNumbers { get; } = new(StringComparer.Ordinal);
    /// <summary>Highest CDR id packed into a request so far.</summary>
    public long? AssignedUpTo { get; set; }
    public long AcknowledgedCdrs { get; set; }
    public long ParkedRequests { get; set; }
    public long ReleasedPackets { get; set; }
    public long CancelledPackets { get; set; }

    public bool IsEmpty => Enqueued.Count == 0 && Checkpoints.Count == 0 && ProducerState.Count == 0 && Added.Count == 0 && Updated.Count == 0 && Completed.Count == 0 && NextSequenceNumbers.Count == 0
        && AssignedUpTo is null && AcknowledgedCdrs == 0 && ParkedRequests == 0 && ReleasedPackets == 0 && CancelledPackets == 0;

    public void Clear()
    {
        Enqueued.Clear();
        Checkpoints.Clear();
        ProducerState.Clear();
        Added.Clear();
        Updated.Clear();
        Completed.Clear();
        NextSequenceNumbers.Clear();
        AssignedUpTo = null;
        AcknowledgedCdrs = ParkedRequests = ReleasedPackets = CancelledPackets = 0;
    }
}
