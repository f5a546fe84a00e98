namespace Storage.Cgf;

/// <summary>Receives one committed, unexported CDR; <paramref name="data"/> is valid only during the call. False stops the scan.</summary>
public delegate bool ExportableCdrVisitor(long id, int recordFormat, long committedAtMs, ReadOnlySpan<byte> data);
