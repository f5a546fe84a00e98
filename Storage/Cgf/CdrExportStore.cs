using Dapper;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Storage.Cgf;

/// <summary>
/// The exporter's own connection to the CGF database. Reads committed CDRs beside the ingest writer
/// (WAL), and marks a file's CDRs exported in one short write transaction per file together with its
/// batch record. SQLite serializes writers: Microsoft.Data.Sqlite starts transactions with
/// BEGIN IMMEDIATE and the connection waits on busy_timeout, so marking never races the writer.
/// This connection runs with synchronous=NORMAL (see the constructor); CdrExporter.Recover makes that safe.
/// </summary>
public sealed class CdrExportStore : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _readExportable;
    private sqlite3_stmt? _visitExportable;

    public CdrExportStore(string path)
    {
        _connection = CgfDatabase.Open(path);
        // Marking needs atomicity, not its own fsync: a marking transaction lost to a power failure leaves
        // complete, fsynced files whose batches are not recorded, which recovery records again from the files.
        // Ingest commits keep synchronous=FULL on the writer's connection (and sync the shared WAL, marks included).
        SqliteDatabase.Execute(_connection, "PRAGMA synchronous=NORMAL;");
        _readExportable = _connection.CreateCommand();
        // Served by the partial index cdrs_exportable (possibly_duplicate, id) WHERE status = 1.
        _readExportable.CommandText =
            "SELECT id, record_format, COALESCE(committed_at, received_at), data FROM cdrs " +
            "WHERE status = 1 AND possibly_duplicate = $pd AND id > $after ORDER BY id LIMIT $limit";
        _readExportable.Parameters.Add("$pd", SqliteType.Integer);
        _readExportable.Parameters.Add("$after", SqliteType.Integer);
        _readExportable.Parameters.Add("$limit", SqliteType.Integer);
    }

    /// <summary>The sequence number the next file gets (export_state, advanced with each recorded batch).</summary>
    public uint NextFileSequenceNumber() =>
        (uint)_connection.ExecuteScalar<long>("SELECT value FROM export_state WHERE key = 'next_file_sequence_number'");

    /// <summary>Committed, not yet exported CDRs of one kind, by id, after <paramref name="afterId"/>.</summary>
    public IEnumerable<ExportableCdr> ReadExportable(bool possiblyDuplicate, long afterId, int limit)
    {
        _readExportable.Parameters[0].Value = possiblyDuplicate ? 1 : 0;
        _readExportable.Parameters[1].Value = afterId;
        _readExportable.Parameters[2].Value = limit;
        using var reader = _readExportable.ExecuteReader();
        while (reader.Read())
            yield return new ExportableCdr(reader.GetInt64(0), reader.GetInt32(1), reader.GetInt64(2), (byte[])reader.GetValue(3));
    }

    /// <summary>
    /// The export hot path: the same rows as <see cref="ReadExportable"/>, handed to <paramref name="visitor"/>
    /// as spans straight from SQLite (no per-row allocation; a span is valid only during its call). Stops
    /// when the visitor returns false. Returns the rows visited.
    /// </summary>
    public int VisitExportable(bool possiblyDuplicate, long afterId, int limit, ExportableCdrVisitor visitor)
    {
        var db = _connection.Handle!;
        if (_visitExportable is null)
            Check(raw.sqlite3_prepare_v2(db, _readExportable.CommandText.Replace("$pd", "?1").Replace("$after", "?2").Replace("$limit", "?3"),
                out _visitExportable));
        var statement = _visitExportable;
        try
        {
            Check(raw.sqlite3_bind_int(statement, 1, possiblyDuplicate ? 1 : 0));
            Check(raw.sqlite3_bind_int64(statement, 2, afterId));
            Check(raw.sqlite3_bind_int(statement, 3, limit));
            var visited = 0;
            int rc;
            while ((rc = raw.sqlite3_step(statement)) == raw.SQLITE_ROW)
            {
                visited++;
                if (!visitor(raw.sqlite3_column_int64(statement, 0), raw.sqlite3_column_int(statement, 1),
                        raw.sqlite3_column_int64(statement, 2), raw.sqlite3_column_blob(statement, 3)))
                    break;
            }
            if (rc is not (raw.SQLITE_ROW or raw.SQLITE_DONE))
                Check(rc);
            return visited;
        }
        finally
        {
            raw.sqlite3_reset(statement);
        }

        void Check(int rc)
        {
            if (rc != raw.SQLITE_OK)
                throw new SqliteException($"SQLite Error {rc}: '{raw.sqlite3_errmsg(db).utf8_to_string()}'", rc);
        }
    }

    /// <summary>What is waiting in the first <paramref name="limit"/> CDRs of one kind: count, record octets, oldest commit time.</summary>
    public (int Count, long Bytes, long? OldestCommittedAtMs) PeekExportable(bool possiblyDuplicate, int limit) =>
        _connection.QuerySingle<(int, long, long?)>(
            "SELECT COUNT(*), COALESCE(SUM(length(data)), 0), MIN(committed_at) FROM " +
            "(SELECT data, COALESCE(committed_at, received_at) AS committed_at FROM cdrs " +
            " WHERE status = 1 AND possibly_duplicate = $pd ORDER BY id LIMIT $limit)",
            new { pd = possiblyDuplicate ? 1 : 0, limit });

    /// <summary>Committed CDRs not yet exported (both kinds).</summary>
    public long CountExportable() => _connection.ExecuteScalar<long>("SELECT COUNT(*) FROM cdrs WHERE status = 1");

    /// <summary>
    /// In one transaction: checks that <paramref name="batch"/> has the next file sequence number, records
    /// it, marks exactly <paramref name="cdrIds"/> exported (status 2, only from committed) and advances the
    /// sequence number. Throws, with nothing changed, when the sequence number was taken or a CDR is no
    /// longer committed-and-unexported (another exporter got there first).
    /// </summary>
    public void RecordBatch(ExportBatch batch, IReadOnlyList<long> cdrIds)
    {
        using var transaction = _connection.BeginTransaction();
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

        // The ids of a file come in runs of consecutive ids: one range update per run.
        using var mark = _connection.CreateCommand();
        mark.Transaction = transaction;
        mark.CommandText = "UPDATE cdrs SET status = 2 WHERE id BETWEEN $from AND $to AND status = 1";
        var from = mark.Parameters.Add("$from", SqliteType.Integer);
        var to = mark.Parameters.Add("$to", SqliteType.Integer);
        var marked = 0;
        for (var i = 0; i < cdrIds.Count;)
        {
            var j = i;
            while (j + 1 < cdrIds.Count && cdrIds[j + 1] == cdrIds[j] + 1)
                j++;
            from.Value = cdrIds[i];
            to.Value = cdrIds[j];
            marked += mark.ExecuteNonQuery();
            i = j + 1;
        }
        if (marked != cdrIds.Count)
            throw new InvalidOperationException($"file {batch.Name}: {marked} of {cdrIds.Count} CDRs were still unexported: another exporter ran");
        _connection.Execute(
            "UPDATE export_state SET value = $next WHERE key = 'next_file_sequence_number'",
            new { next = (long)batch.FileSequenceNumber + 1 }, transaction);
        transaction.Commit();
    }

    /// <summary>Recorded batches, newest first.</summary>
    public IReadOnlyList<ExportBatch> Batches(int limit) =>
        _connection.Query<(long Seq, string Name, long Pd, long Count, long Length, byte[] Hash, long First, long Last, long Created, long Recovered)>(
            "SELECT file_sequence_number, name, possibly_duplicate, cdr_count, file_length, sha256, first_cdr_id, last_cdr_id, created_at, recovered " +
            "FROM export_batches ORDER BY file_sequence_number DESC LIMIT $limit", new { limit })
        .Select(b => new ExportBatch((uint)b.Seq, b.Name, b.Pd != 0, (int)b.Count, b.Length, b.Hash, b.First, b.Last, b.Created, b.Recovered != 0))
        .ToList();

    public void Dispose()
    {
        _visitExportable?.Dispose();
        _readExportable.Dispose();
        _connection.Dispose();
    }
}
