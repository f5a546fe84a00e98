using Dapper;
using Npgsql;

namespace Storage.Cgf.PostgreSql;

/// <summary>
/// The exporter's connection to the CGF database on PostgreSQL. Committed, unexported CDRs are found by the partial
/// index <c>cdrs_exportable</c> (status = 1), not by a cursor over ids: with several writers an id taken first may
/// commit last (docs/cgf-pool.md "Export"). A file's batch is recorded and its CDRs marked in one transaction that
/// holds the <c>export_state</c> row and, in a pool, checks that this CGF still holds the export lease.
/// </summary>
public sealed class PostgresExportStore(string connectionString, string nodeId, bool requireLease) : ICdrExportStore
{
    private const string Select =
        "SELECT id, record_format, COALESCE(committed_at, received_at), data FROM cdrs " +
        "WHERE status = 1 AND possibly_duplicate = @pd AND id > @after ORDER BY id LIMIT @limit";

    private NpgsqlConnection? _connection;

    private NpgsqlConnection Connection()
    {
        if (_connection is { State: System.Data.ConnectionState.Open })
            return _connection;
        _connection?.Dispose();
        _connection = null;
        _connection = PostgresDatabase.Open(connectionString);
        return _connection;
    }

    public uint NextFileSequenceNumber() =>
        (uint)Connection().ExecuteScalar<long>("SELECT value FROM export_state WHERE key = 'next_file_sequence_number'");

    public IReadOnlyList<ExportableCdr> ReadExportable(bool possiblyDuplicate, long afterId, int limit) =>
        Connection().Query<(long Id, int Format, long At, byte[] Data)>(Select, new { pd = (short)(possiblyDuplicate ? 1 : 0), after = afterId, limit })
            .Select(r => new ExportableCdr(r.Id, r.Format, r.At, r.Data)).ToList();

    public int VisitExportable(bool possiblyDuplicate, long afterId, int limit, ExportableCdrVisitor visitor)
    {
        using var command = new NpgsqlCommand(Select, Connection());
        command.Parameters.AddWithValue("pd", (short)(possiblyDuplicate ? 1 : 0));
        command.Parameters.AddWithValue("after", afterId);
        command.Parameters.AddWithValue("limit", limit);
        using var reader = command.ExecuteReader();
        var rows = 0;
        while (reader.Read())
        {
            rows++;
            if (!visitor(reader.GetInt64(0), reader.GetInt32(1), reader.GetInt64(2), reader.GetFieldValue<byte[]>(3)))
                break;
        }
        return rows;
    }

    public (int Count, long Bytes, long? OldestCommittedAtMs) PeekExportable(bool possiblyDuplicate, int limit) =>
        Connection().QuerySingle<(int, long, long?)>(
            "SELECT COUNT(*)::integer, COALESCE(SUM(length(data)), 0)::bigint, MIN(at) FROM (" +
            " SELECT data, COALESCE(committed_at, received_at) AS at FROM cdrs WHERE status = 1 AND possibly_duplicate = @pd ORDER BY id LIMIT @limit) w",
            new { pd = (short)(possiblyDuplicate ? 1 : 0), limit });

    public long CountExportable() => Connection().ExecuteScalar<long>("SELECT COUNT(*) FROM cdrs WHERE status = 1");

    public bool AnyExportable() => Connection().ExecuteScalar<bool>("SELECT EXISTS (SELECT 1 FROM cdrs WHERE status = 1)");

    public void RecordBatch(ExportBatch batch, IReadOnlyList<long> cdrIds, IReadOnlyList<long> withheldIds)
    {
        var connection = Connection();
        using var transaction = connection.BeginTransaction();
        if (requireLease)
        {
            var held = connection.ExecuteScalar<bool>(
                "SELECT holder = @nodeId AND expires_at > clock_timestamp() FROM export_lease WHERE id = 1 FOR UPDATE", new { nodeId }, transaction);
            if (!held)
                throw new InvalidOperationException($"file {batch.Name}: this CGF ({nodeId}) no longer holds the pool's export lease: another CGF exports");
        }
        WithholdIn(connection, transaction, withheldIds);
        var next = (uint)connection.ExecuteScalar<long>(
            "SELECT value FROM export_state WHERE key = 'next_file_sequence_number' FOR UPDATE", transaction: transaction);
        if (next != batch.FileSequenceNumber)
            throw new InvalidOperationException($"file sequence number {batch.FileSequenceNumber} is not the next one ({next}): another exporter ran");
        connection.Execute(
            "INSERT INTO export_batches (file_sequence_number, name, possibly_duplicate, cdr_count, file_length, sha256, " +
            "first_cdr_id, last_cdr_id, created_at, recovered, node_id) VALUES (@seq, @name, @pd, @count, @length, @hash, @first, @last, @created, @recovered, @nodeId)",
            new
            {
                seq = (long)batch.FileSequenceNumber, name = batch.Name, pd = (short)(batch.PossiblyDuplicate ? 1 : 0), count = batch.CdrCount,
                length = batch.FileLength, hash = batch.Sha256, first = batch.FirstCdrId, last = batch.LastCdrId,
                created = batch.CreatedAtMs, recovered = (short)(batch.Recovered ? 1 : 0), nodeId,
            }, transaction);
        var marked = connection.Execute(
            "UPDATE cdrs SET status = 2 WHERE id = ANY(@ids) AND status = 1", new { ids = cdrIds.ToArray() }, transaction);
        if (marked != cdrIds.Count)
            throw new InvalidOperationException($"file {batch.Name}: {marked} of {cdrIds.Count} CDRs were still unexported: another exporter ran");
        connection.Execute(
            "UPDATE export_state SET value = @next WHERE key = 'next_file_sequence_number'",
            new { next = (long)batch.FileSequenceNumber + 1 }, transaction);
        transaction.Commit();
    }

    public int Withhold(IReadOnlyList<long> ids)
    {
        if (ids.Count == 0)
            return 0;
        var connection = Connection();
        using var transaction = connection.BeginTransaction();
        var withheld = WithholdIn(connection, transaction, ids);
        transaction.Commit();
        return withheld;
    }

    private static int WithholdIn(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<long> ids) =>
        ids.Count == 0 ? 0 : connection.Execute(
            $"UPDATE cdrs SET status = {(int)CdrStatus.Withheld} WHERE id = ANY(@ids) AND status = 1", new { ids = ids.ToArray() }, transaction);

    public IReadOnlyList<ExportBatch> Batches(int limit) =>
        Connection().Query<(long Seq, string Name, short Pd, int Count, long Length, byte[] Hash, long First, long Last, long Created, short Recovered)>(
            "SELECT file_sequence_number, name, possibly_duplicate, cdr_count, file_length, sha256, first_cdr_id, last_cdr_id, created_at, recovered " +
            "FROM export_batches ORDER BY file_sequence_number DESC LIMIT @limit", new { limit })
        .Select(b => new ExportBatch((uint)b.Seq, b.Name, b.Pd != 0, b.Count, b.Length, b.Hash, b.First, b.Last, b.Created, b.Recovered != 0))
        .ToList();

    public bool IsRecorded(string name) =>
        Connection().ExecuteScalar<bool>("SELECT EXISTS (SELECT 1 FROM export_batches WHERE name = @name)", new { name });

    public IReadOnlyList<string> FileNodeIds(string ownNodeId) =>
        Connection().Query<string>("SELECT DISTINCT node_id FROM node_state UNION SELECT DISTINCT node_id FROM export_batches")
            .Append(ownNodeId).Distinct(StringComparer.Ordinal).ToList();

    public void Dispose() => _connection?.Dispose();
}
