namespace Storage.Cgf.Retention;

/// <summary>What retention reads of a stored row: its id, status (CDRs) and when it was stored (committed_at or received_at, ms).</summary>
public readonly record struct StoredRowAge(long Id, CdrStatus Status, long StoredAtMs);
