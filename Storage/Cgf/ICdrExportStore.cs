namespace Storage.Cgf;

/// <summary>
/// What the exporter reads and marks in the CGF database (<see cref="CdrExportStore"/> on SQLite,
/// <see cref="PostgreSql.PostgresExportStore"/> on PostgreSQL). Marking a file's CDRs exported and recording its batch
/// happen in one transaction that fails, changing nothing, when another exporter got there first.
/// </summary>
public interface ICdrExportStore : IDisposable
{
    /// <summary>The sequence number the next file gets.</summary>
    uint NextFileSequenceNumber();

    /// <summary>Committed, not yet exported CDRs of one kind, by id, after <paramref name="afterId"/>.</summary>
    IReadOnlyList<ExportableCdr> ReadExportable(bool possiblyDuplicate, long afterId, int limit);

    /// <summary>The same rows as <see cref="ReadExportable"/>, handed to <paramref name="visitor"/>; returns the rows visited.</summary>
    int VisitExportable(bool possiblyDuplicate, long afterId, int limit, ExportableCdrVisitor visitor);

    /// <summary>What is waiting in the first <paramref name="limit"/> CDRs of one kind: count, record octets, oldest commit time.</summary>
    (int Count, long Bytes, long? OldestCommittedAtMs) PeekExportable(bool possiblyDuplicate, int limit);

    /// <summary>Committed CDRs not yet exported (both kinds).</summary>
    long CountExportable();

    /// <summary>Whether any committed CDR waits for export; cheap enough for every poll.</summary>
    bool AnyExportable();

    /// <summary>Records <paramref name="batch"/>, marks exactly <paramref name="cdrIds"/> exported and sets <paramref name="withheldIds"/> aside, in one transaction.</summary>
    void RecordBatch(ExportBatch batch, IReadOnlyList<long> cdrIds, IReadOnlyList<long> withheldIds);

    /// <summary>Sets committed CDRs no file may carry aside as withheld; returns how many were still committed.</summary>
    int Withhold(IReadOnlyList<long> ids);

    /// <summary>Recorded batches, newest first.</summary>
    IReadOnlyList<ExportBatch> Batches(int limit);

    /// <summary>Whether a file of this name is recorded (a file of the pool's sequence written by another exporter).</summary>
    bool IsRecorded(string name);

    /// <summary>Node ids whose files may carry this database's file sequence (the pool's CGFs; just this one on SQLite).</summary>
    IReadOnlyList<string> FileNodeIds(string ownNodeId);
}
