namespace Storage.Cgf;

/// <summary>One exported TS 32.297 file, recorded together with the marking of its CDRs (table <c>export_batches</c>).</summary>
public sealed record ExportBatch(
    uint FileSequenceNumber,
    string Name,
    bool PossiblyDuplicate,
    int CdrCount,
    long FileLength,
    byte[] Sha256,
    long FirstCdrId,
    long LastCdrId,
    long CreatedAtMs,
    bool Recovered);
