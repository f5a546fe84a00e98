using Dapper;
using Microsoft.Data.Sqlite;

namespace Storage.Cgf;

/// <summary>
/// The exporter's own connection to the CGF database. Reads committed CDRs beside the ingest writer
/// (WAL), and marks a file's CDRs exported in one short write transaction per file together with its
/// batch record. SQLite serializes writers: Microsoft.Data.Sqlite starts transactions with
/// BEGIN IMMEDIATE and the connection waits on busy_timeout, so marking never races the writer.
/// This connection runs with synchronous=NORMAL (see the constructor); CdrExporter.Recover makes that safe.
/// </summary>
public sealed class CdrExportStore : ICdrExportStore
{
    private const string Columns = "id, record_format, COALESCE(committed_at, received_at), data";
    // The two sources of committed, unexported CDRs of one kind (schema v3; there is no index on cdrs for export):
    // late: CDRs that became committed after their insert (released, hold-expired), listed by the writer in
    // late_commits, with ids up to the kind's cursor; sequential: a rowid range scan of cdrs above the cursor.
    // The cursor of normal CDRs is export_cursor; possibly-duplicate CDRs are all in late_commits, so theirs is
    // long.MaxValue (the sequential part is empty). Late ids are <= cursor < sequential ids: the late rows then the
    // sequential rows are in id order, as one scan of an index was.
    private const string LateSql =
        "SELECT c.id, c.record_format, COALESCE(c.committed_at, c.received_at), c.data FROM late_commits l JOIN cdrs c ON c.id = l.cdr_id " +
        "WHERE l.cdr_id > ?2 AND l.cdr_id <= ?4 AND c.status = 1 AND c.possibly_duplicate = ?1 ORDER BY l.cdr_id LIMIT ?3";
    private const string SequentialSql =
        "SELECT " + Columns + " FROM cdrs WHERE id > ?2 AND status = 1 AND possibly_duplicate = ?1 ORDER BY id LIMIT ?3";

    private readonly SqliteConnection _connection;
    private PreparedStatement? _late;
    private PreparedStatement? _sequential;

    public CdrExportStore(string path)
    {
        _connection = CgfDatabase.Open(path);
        // Marking needs atomicity, not its own fsync: a marking transaction lost to a power failure leaves
        // complete, fsynced files whose batches are not recorded, which recovery records again from the files.
        // Ingest commits keep synchronous=FULL on the writer's connection (and sync the shared WAL, marks included).
        SqliteDatabase.Execute(_connection, "PRAGMA synchronous=NORMAL;");
    }

    /// <summary>The sequence number the next file gets (export_state, advanced with each recorded batch).</summary>
    public uint NextFileSequenceNumber() =>
        (uint)_connection.ExecuteScalar<long>("SELECT value FROM export_state WHERE key = 'next_file_sequence_number'");

    /// <summary>The highest CDR id the sequential scan has passed: normal CDRs committed on arrival above it are exportable.</summary>
    public long ExportCursor() =>
        _connection.ExecuteScalar<long>("SELECT value FROM export_state WHERE key = 'export_cursor'");

    private long CursorOf(bool possiblyDuplicate) => possiblyDuplicate ? long.MaxValue : ExportCursor();

    /// <summary>Committed, not yet exported CDRs of one kind, by id, after <paramref name="afterId"/>.</summary>
    public IReadOnlyList<ExportableCdr> ReadExportable(bool possiblyDuplicate, long afterId, int limit)
    {
        var cdrs = new List<ExportableCdr>();
        VisitExportable(possiblyDuplicate, afterId, limit, (id, recordFormat, committedAtMs, data) =>
        {
            cdrs.Add(new ExportableCdr(id, recordFormat, committedAtMs, data.ToArray()));
            return true;
        });
        return cdrs;
    }

    /// <summary>
    /// The export hot path: the same rows as <see cref="ReadExportable"/>, handed to <paramref name="visitor"/>
    /// as spans straight from SQLite (no per-row allocation; a span is valid only during its call). Stops
    /// when the visitor returns false. Returns the rows visited.
    /// </summary>
    public int VisitExportable(bool possiblyDuplicate, long afterId, int limit, ExportableCdrVisitor visitor)
    {
        _late ??= new PreparedStatement(_connection, LateSql);
        _sequential ??= new PreparedStatement(_connection, SequentialSql);
        var cursor = CursorOf(possiblyDuplicate);
        var visited = 0;
        var stopped = false;
        if (afterId < cursor)
            visited += Visit(_late.Bind(4, cursor), afterId, limit);
        if (!stopped && visited < limit && cursor != long.MaxValue)
            visited += Visit(_sequential, Math.Max(afterId, cursor), limit - visited);
        return visited;

        int Visit(PreparedStatement statement, long after, int max)
        {
            try
            {
                statement.Bind(1, possiblyDuplicate ? 1 : 0).Bind(2, after).Bind(3, max);
                var rows = 0;
                while (statement.Read())
                {
                    rows++;
                    if (!visitor(statement.GetInt64(0), (int)statement.GetInt64(1), statement.GetInt64(2), statement.GetBlob(3)))
                    {
                        stopped = true;
                        break;
                    }
                }
                return rows;
            }
            finally
            {
                statement.Reset();
            }
        }
    }

    /// <summary>What is waiting in the first <paramref name="limit"/> CDRs of one kind: count, record octets, oldest commit time.</summary>
    public (int Count, long Bytes, long? OldestCommittedAtMs) PeekExportable(bool possiblyDuplicate, int limit) =>
        _connection.QuerySingle<(int, long, long?)>(
            "SELECT COUNT(*), COALESCE(SUM(length(data)), 0), MIN(committed_at) FROM (" +
            " SELECT * FROM (SELECT c.data, COALESCE(c.committed_at, c.received_at) AS committed_at FROM late_commits l JOIN cdrs c ON c.id = l.cdr_id" +
            "  WHERE l.cdr_id <= $cursor AND c.status = 1 AND c.possibly_duplicate = $pd ORDER BY l.cdr_id LIMIT $limit)" +
            " UNION ALL" +
            " SELECT * FROM (SELECT data, COALESCE(committed_at, received_at) AS committed_at FROM cdrs" +
            "  WHERE id > $cursor AND status = 1 AND possibly_duplicate = $pd ORDER BY id LIMIT $limit)" +
            " LIMIT $limit)",
            new { pd = possiblyDuplicate ? 1 : 0, limit, cursor = CursorOf(possiblyDuplicate) });

    /// <summary>Committed CDRs not yet exported (both kinds). Scans cdrs: for the command line, not for a poll loop.</summary>
    public long CountExportable() => _connection.ExecuteScalar<long>("SELECT COUNT(*) FROM cdrs WHERE status = 1");

    /// <summary>Whether any committed CDR waits for export (either kind); cheap enough for every poll.</summary>
    public bool AnyExportable() =>
        PeekExportable(possiblyDuplicate: false, limit: 1).Count > 0 || PeekExportable(possiblyDuplicate: true, limit: 1).Count > 0;

    /// <summary>
    /// In one transaction: checks that <paramref name="batch"/> has the next file sequence number, records
    /// it, marks exactly <paramref name="cdrIds"/> exported (status 2, only from committed) and advances the
    /// sequence number. Throws, with nothing changed, when the sequence number was taken or a CDR is no
    /// longer committed-and-unexported (another exporter got there first).
    /// </summary>
    public void RecordBatch(ExportBatch batch, IReadOnlyList<long> cdrIds) => RecordBatch(batch, cdrIds, []);

    /// <summary>
    /// <see cref="RecordBatch(ExportBatch, IReadOnlyList{long})"/>, and in the same transaction sets
    /// <paramref name="withheldIds"/> (CDRs read beside the file's whose format has no file label) aside as withheld.
    /// </summary>
    public void RecordBatch(ExportBatch batch, IReadOnlyList<long> cdrIds, IReadOnlyList<long> withheldIds)
    {
        using var transaction = _connection.BeginTransaction();
        WithholdIn(withheldIds);
        var next = (uint)_connection.ExecuteScalar<long>(
            "SELECT value FROM export_state WHERE key = 'next_file_sequence_number'", transaction: transaction);
        if (next != batch.FileSequenceNumber)
            throw new InvalidOperationException($"file sequence number {batch.FileSequenceNumber} is not the next one ({next}): another exporter ran");
        _connection.Execute(
            "INSERT INTO export_batches (file_sequence_number, name, possibly_duplicate, cdr_count, file_length, sha256, " +
            "first_cdr_id, last_cdr_id, created_at, recovered) VALUES ($seq, $name, $pd, $count, $length, $hash, $first, $last, $created, $recovered)",
            new
            {
                seq = (long)batch.FileSequenceNumber, name = batch.Name, pd = batch.PossiblyDuplicate ? 1 : 0, count = batch.CdrCount,
                length = batch.FileLength, hash = batch.Sha256, first = batch.FirstCdrId, last = batch.LastCdrId,
                created = batch.CreatedAtMs, recovered = batch.Recovered ? 1 : 0,
            }, transaction);

        // The ids of a file come in runs of consecutive ids: one range update per run. A run holds only ids of
        // the file, so the range covers exactly them (and the status check refuses any already exported).
        using var mark = new PreparedStatement(_connection, "UPDATE cdrs SET status = 2 WHERE id BETWEEN ?1 AND ?2 AND status = 1");
        using var unlist = new PreparedStatement(_connection, "DELETE FROM late_commits WHERE cdr_id BETWEEN ?1 AND ?2");
        var marked = 0;
        for (var i = 0; i < cdrIds.Count;)
        {
            var j = i;
            while (j + 1 < cdrIds.Count && cdrIds[j + 1] == cdrIds[j] + 1)
                j++;
            marked += mark.Bind(1, cdrIds[i]).Bind(2, cdrIds[j]).ExecuteCountingChanges();
            unlist.Bind(1, cdrIds[i]).Bind(2, cdrIds[j]).Execute();
            i = j + 1;
        }
        if (marked != cdrIds.Count)
            throw new InvalidOperationException($"file {batch.Name}: {marked} of {cdrIds.Count} CDRs were still unexported: another exporter ran");
        // A file of normal CDRs is its kind's first ones in id order: every committed normal CDR up to its last id
        // is in it, or was pending when read and so is in late_commits once committed. The sequential scan may
        // start after it. (When the last id came from late_commits it is not above the cursor: no change.)
        if (!batch.PossiblyDuplicate)
            _connection.Execute(
                "UPDATE export_state SET value = MAX(value, $last) WHERE key = 'export_cursor'", new { last = cdrIds[^1] }, transaction);
        _connection.Execute(
            "UPDATE export_state SET value = $next WHERE key = 'next_file_sequence_number'",
            new { next = (long)batch.FileSequenceNumber + 1 }, transaction);
        transaction.Commit();
    }

    /// <summary>
    /// Sets committed CDRs that no file may carry (their Data Record Format has no TS 32.297 code) aside as
    /// <see cref="CdrStatus.Withheld"/>, in one transaction. Returns how many were still committed. The rows stay:
    /// deleting the highest one would let SQLite give its id to a new CDR at or below the export cursor.
    /// </summary>
    public int Withhold(IReadOnlyList<long> ids)
    {
        if (ids.Count == 0)
            return 0;
        using var transaction = _connection.BeginTransaction();
        var withheld = WithholdIn(ids);
        transaction.Commit();
        return withheld;
    }

    private int WithholdIn(IReadOnlyList<long> ids)
    {
        if (ids.Count == 0)
            return 0;
        using var withhold = new PreparedStatement(_connection, $"UPDATE cdrs SET status = {(int)CdrStatus.Withheld} WHERE id = ?1 AND status = 1");
        using var unlist = new PreparedStatement(_connection, "DELETE FROM late_commits WHERE cdr_id = ?1");
        var withheld = 0;
        foreach (var id in ids)
        {
            withheld += withhold.Bind(1, id).ExecuteCountingChanges();
            unlist.Bind(1, id).Execute();
        }
        return withheld;
    }

    public bool IsRecorded(string name) =>
        _connection.ExecuteScalar<long>("SELECT COUNT(*) FROM export_batches WHERE name = $name", new { name }) > 0;

    public IReadOnlyList<string> FileNodeIds(string ownNodeId) => [ownNodeId];

    /// <summary>Recorded batches, newest first.</summary>
    public IReadOnlyList<ExportBatch> Batches(int limit) =>
        _connection.Query<(long Seq, string Name, long Pd, long Count, long Length, byte[] Hash, long First, long Last, long Created, long Recovered)>(
            "SELECT file_sequence_number, name, possibly_duplicate, cdr_count, file_length, sha256, first_cdr_id, last_cdr_id, created_at, recovered " +
            "FROM export_batches ORDER BY file_sequence_number DESC LIMIT $limit", new { limit })
        .Select(b => new ExportBatch((uint)b.Seq, b.Name, b.Pd != 0, (int)b.Count, b.Length, b.Hash, b.First, b.Last, b.Created, b.Recovered != 0))
        .ToList();

    public void Dispose()
    {
        _late?.Dispose();
        _sequential?.Dispose();
        _connection.Dispose();
    }
}
