namespace Storage.Cdf;

/// <summary>
/// A Data Record Transfer Request of the outbox. Mutable on purpose: the delivery loop owns it and
/// writes changes back through <see cref="CdfOutbox.Apply"/>.
/// </summary>
public sealed class OutboxRequest
{
    public long Id { get; set; }
    public required string Path { get; init; }
    public required ushort SequenceNumber { get; init; }
    /// <summary>Packet Transfer Command: 1 Send or 2 Send possibly duplicated.</summary>
    public required byte Command { get; init; }
    public OutboxRequestState State { get; set; }
    public required long FirstCdrId { get; init; }
    public required long LastCdrId { get; init; }
    public required int CdrCount { get; init; }
    /// <summary>The possibly-duplicated copy that carries this request's CDRs now (old→new mapping).</summary>
    public long? SuccessorId { get; set; }
    /// <summary>The successor object before it has an id (set by the delivery loop; wins over <see cref="SuccessorId"/>).</summary>
    public OutboxRequest? Successor { get; set; }
    public Presence Presence { get; set; }
    public byte? Cause { get; set; }

    public override string ToString() => $"{Path}#{SequenceNumber} (PTC {Command}, {State}, CDRs {FirstCdrId}-{LastCdrId})";
}
