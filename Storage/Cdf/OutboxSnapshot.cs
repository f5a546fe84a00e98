namespace Storage.Cdf;

/// <summary>Everything the delivery loop needs after a (re)start.</summary>
public sealed record OutboxSnapshot(
    IReadOnlyList<QueuedCdr> Queued,
    IReadOnlyList<OutboxRequest> Requests,
    IReadOnlyDictionary<string, ushort> NextSequenceNumbers);
