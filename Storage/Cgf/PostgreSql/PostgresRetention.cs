using Dapper;
using Npgsql;
using Storage.Cgf.Retention;

namespace Storage.Cgf.PostgreSql;

/// <summary>
/// Retention on a pool's database (docs/cgf-pool.md "Retention and delivery"): one step of a <see cref="RetentionWalk"/>
/// over <c>cdrs</c> and one over <c>quarantine</c> per call, in one transaction. Each step reads a chunk through the
/// primary key after where the last one stopped, so a look with nothing due reads one row whatever the table holds.
/// The positions live in this process; a restarted CGF starts from the first row.
/// </summary>
internal sealed class PostgresRetention
{
    private readonly TimeSpan _retention;
    private readonly int _chunk;
    private readonly List<long> _removable = [];
    private long? _cdrsAfter;
    private long? _quarantineAfter;

    public PostgresRetention(TimeSpan retention, int chunk)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(chunk, 1);
        _retention = retention;
        _chunk = chunk;
    }

    public RetentionStep RemoveNext(NpgsqlConnection connection, long nowMs)
    {
        var cutoff = nowMs - (long)_retention.TotalMilliseconds;
        using var transaction = connection.BeginTransaction();
        var (cdrs, cdrsNext) = Step(connection, transaction,
            "SELECT id, status, COALESCE(committed_at, received_at) FROM cdrs WHERE id > @after ORDER BY id LIMIT @chunk", _cdrsAfter,
            cutoff, requireExported: true,
            // An exported row stays exported: the status guard only keeps the delete to what was read as exported.
            "DELETE FROM cdrs WHERE id = ANY(@ids) AND status = 2");
        var (quarantined, quarantineNext) = Step(connection, transaction,
            "SELECT id, 2::smallint, received_at FROM quarantine WHERE id > @after ORDER BY id LIMIT @chunk", _quarantineAfter,
            cutoff, requireExported: false, "DELETE FROM quarantine WHERE id = ANY(@ids)");
        if (cdrs > 0 || quarantined > 0)
            connection.Execute(
                "UPDATE pool_state SET value = value + CASE key WHEN 'cdrs_removed' THEN @cdrs ELSE @quarantined END " +
                "WHERE key IN ('cdrs_removed', 'quarantine_removed')", new { cdrs, quarantined }, transaction);
        transaction.Commit();
        // Moved only once the step committed; a failed one is repeated.
        _cdrsAfter = cdrsNext;
        _quarantineAfter = quarantineNext;
        return new RetentionStep(cdrs, 0, quarantined);
    }

    private (int Removed, long? Next) Step(NpgsqlConnection connection, NpgsqlTransaction transaction, string oldest, long? after, long cutoff,
        bool requireExported, string delete)
    {
        var rows = connection.Query<(long Id, short Status, long StoredAt)>(oldest, new { after = after ?? 0, chunk = _chunk }, transaction)
            .Select(r => new StoredRowAge(r.Id, (CdrStatus)r.Status, r.StoredAt)).ToList();
        _removable.Clear();
        var next = RetentionWalk.Step(rows, _chunk, cutoff, requireExported, _removable);
        var removed = _removable.Count == 0 ? 0 : connection.Execute(delete, new { ids = _removable.ToArray() }, transaction);
        return (removed, next);
    }
}
