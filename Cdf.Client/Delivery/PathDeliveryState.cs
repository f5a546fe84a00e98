namespace Cdf.Client.Delivery;

/// <summary>
/// The delivery loop's state of one CGF path: whether it takes traffic, its sequence numbers, the data requests on
/// it, and its liveness bookkeeping. Written only by the delivery loop (<see cref="CgfPath.State"/> reads it).
/// </summary>
internal sealed class PathDeliveryState
{
    private readonly HashSet<ushort> _reserved = [];

    public CgfPathState State { get; set; } = CgfPathState.Up;
    public ushort NextSequenceNumber { get; set; }
    /// <summary>Data exchanges decided for this path and not yet answered, failed over or parked.</summary>
    public HashSet<Exchange> InFlight { get; } = [];
    /// <summary>Data exchanges on the wire, by sequence number: the loop matches responses and runs T3/N3 on them.</summary>
    public Dictionary<ushort, Exchange> Outstanding { get; } = [];
    /// <summary>Answers 199 in a row; N3 of them mark the path down.</summary>
    public int Consecutive199 { get; set; }
    public long NextEchoAt { get; set; }
    public bool EchoPending { get; set; }
    /// <summary>The CGF's restart counter from its last Echo Response.</summary>
    public byte? Recovery { get; set; }

    /// <summary>The next free number: wraps 65535→0 and skips numbers still held by outbox requests.</summary>
    public ushort AllocateSequenceNumber()
    {
        var sequenceNumber = NextSequenceNumber;
        for (var guard = 0; guard <= ushort.MaxValue && _reserved.Contains(sequenceNumber); guard++)
            sequenceNumber = unchecked((ushort)(sequenceNumber + 1));
        NextSequenceNumber = unchecked((ushort)(sequenceNumber + 1));
        return sequenceNumber;
    }

    /// <summary>Holds a number an outbox request uses, so that it is not given out again while the request lives.</summary>
    public void Reserve(ushort sequenceNumber) => _reserved.Add(sequenceNumber);

    public void Unreserve(ushort sequenceNumber) => _reserved.Remove(sequenceNumber);
}
