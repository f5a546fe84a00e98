namespace Storage.Cgf;

/// <summary>A committed CDR not yet exported, as the exporter reads it.</summary>
public readonly record struct ExportableCdr(long Id, int RecordFormat, long CommittedAtMs, byte[] Data);
