using Dapper;
using Microsoft.Data.Sqlite;

namespace Storage.Cgf.Retention;

/// <summary>
/// Removes what retention lets go (docs/cgf-design.md "Retention"), a short chunk per call: exported CDRs older than
/// the retention time (<see cref="RemovablePrefix"/>), the lookup-table entries of segments whose CDRs are all gone,
/// and quarantined records older than it. Rows go by rowid range from the start of each table; SQLite puts the
/// freed pages on its freelist and new rows reuse them (auto_vacuum NONE), so the file stops growing. The ingest
/// writer runs it on its own connection between its transactions, as it runs CdrIndexer, so removal never waits
/// for the write lock nor holds it long. Per-request rows (table <c>transfers</c>) are not removed: their key
/// (peer, sequence number) bounds them, and TS 32.295 §6.2.4 lets a CDF ask about any sequence number it has not
/// reused (Release/Cancel after a restart), so the last state of each is kept until a new request replaces it.
/// </summary>
public sealed class CdrRetention
{
    /// <summary>Rows per chunk: about 1.3 µs each in a rowid range delete, a few milliseconds per chunk (docs/cgf-design.md).</summary>
    public const int DefaultChunk = 500;

    private static readonly (string Table, string Key)[] LookupTables =
        [("cdr_index_imsi", "served_imsi"), ("cdr_index_charging_id", "charging_id"), ("cdr_index_opening_time", "record_opening_time")];

    private const int Withheld = (int)CdrStatus.Withheld;

    private readonly SqliteConnection _connection;
    private readonly TimeSpan _retention;
    private readonly int _chunk;

    /// <param name="connection">The writer's connection; each call runs its own transaction on it.</param>
    /// <param name="retention">Age past which exported CDRs and quarantined records go.</param>
    /// <param name="chunk">Most rows of each table one call removes.</param>
    public CdrRetention(SqliteConnection connection, TimeSpan retention, int chunk = DefaultChunk)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(retention, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(chunk, 1);
        _connection = connection;
        _retention = retention;
        _chunk = chunk;
    }

    /// <summary>Removes one chunk of each kind as of <paramref name="nowMs"/> in one transaction; what it removed (all 0: nothing due).</summary>
    public RetentionStep RemoveNext(long nowMs)
    {
        var cutoff = nowMs - (long)_retention.TotalMilliseconds;
        using var transaction = _connection.BeginTransaction();
        // Withheld CDRs (a format no CDR file may carry, from before ingest refused it) are never exported: they stay,
        // and the run passes over them instead of stopping there for good.
        var cdrs = RemovePrefix(
            $"SELECT id, status, COALESCE(committed_at, received_at) FROM cdrs WHERE status <> {Withheld} ORDER BY id LIMIT $chunk",
            // Not MAX(id): a pending row there may still be cancelled (RemovablePrefix).
            "SELECT COALESCE((SELECT id FROM cdrs WHERE status <> 0 ORDER BY id DESC LIMIT 1), 0)",
            $"DELETE FROM cdrs WHERE id <= $last AND status <> {Withheld}", cutoff, requireExported: true, transaction);
        var entries = RemoveDeadSegments(transaction);
        var quarantined = RemovePrefix(
            "SELECT id, 2, received_at FROM quarantine ORDER BY id LIMIT $chunk",
            "SELECT COALESCE(MAX(id), 0) FROM quarantine", "DELETE FROM quarantine WHERE id <= $last", cutoff, requireExported: false, transaction);
        if (cdrs > 0 || quarantined > 0)
            _connection.Execute(
                "UPDATE node_state SET value = value + CASE key WHEN 'cdrs_removed' THEN $cdrs ELSE $quarantined END " +
                "WHERE key IN ('cdrs_removed', 'quarantine_removed')", new { cdrs, quarantined }, transaction);
        transaction.Commit();
        return new RetentionStep(cdrs, entries, quarantined);
    }

    private int RemovePrefix(string oldest, string max, string delete, long cutoff, bool requireExported, SqliteTransaction transaction)
    {
        var rows = _connection.Query<(long Id, long Status, long StoredAt)>(oldest, new { chunk = _chunk }, transaction)
            .Select(r => new StoredRowAge(r.Id, (CdrStatus)r.Status, r.StoredAt)).ToList();
        var maxId = _connection.ExecuteScalar<long>(max, transaction: transaction);
        if (RemovablePrefix.LastRemovable(rows, maxId, cutoff, requireExported) is not { } last)
            return 0;
        return _connection.Execute(delete, new { last }, transaction);
    }

    /// <summary>
    /// Segment s holds the entries of ids from its first_id to the next segment's: once the first CDR kept is at or
    /// past the next segment's first id, none of its CDRs is left and its entries go, a chunk of each table's first
    /// keys at a time, then the segment itself.
    /// </summary>
    private int RemoveDeadSegments(SqliteTransaction transaction)
    {
        // Withheld CDRs have no lookup entries (the indexer decodes BER records only): they keep no segment alive.
        var firstKept = _connection.ExecuteScalar<long?>($"SELECT MIN(id) FROM cdrs WHERE status <> {Withheld}", transaction: transaction);
        if (firstKept is not { } first)
            return 0;
        var live = _connection.ExecuteScalar<long?>(
            "SELECT MAX(segment) FROM cdr_segments WHERE first_id <= $first", new { first }, transaction);
        if (live is not { } oldestLive)
            return 0;
        var removed = 0;
        var remaining = false;
        foreach (var (table, key) in LookupTables)
        {
            // The chunk's last entry in key order; the row-value comparison makes the delete a range of the primary key.
            var boundary = _connection.QueryFirstOrDefault<(long Segment, object Key, long Id)?>(
                $"SELECT segment, {key}, cdr_id FROM {table} WHERE segment < $live ORDER BY segment, {key}, cdr_id LIMIT 1 OFFSET $skip",
                new { live = oldestLive, skip = _chunk - 1 }, transaction);
            if (boundary is { } b)
            {
                remaining = true;
                removed += _connection.Execute(
                    $"DELETE FROM {table} WHERE (segment, {key}, cdr_id) <= ($segment, $key, $id) AND segment < $live",
                    new { segment = b.Segment, key = b.Key, id = b.Id, live = oldestLive }, transaction);
            }
            else
            {
                removed += _connection.Execute($"DELETE FROM {table} WHERE segment < $live", new { live = oldestLive }, transaction);
            }
        }
        if (!remaining)
            _connection.Execute("DELETE FROM cdr_segments WHERE segment < $live", new { live = oldestLive }, transaction);
        return removed;
    }
}
