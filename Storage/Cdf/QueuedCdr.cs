namespace Storage.Cdf;

/// <summary>A CDR durably in the outbox and not yet packed into a request.</summary>
public readonly record struct QueuedCdr(long Id, byte[] Data);
