using Dapper;
using Npgsql;

namespace Storage.Cgf.PostgreSql;

/// <summary>
/// The pool's export lease (table <c>export_lease</c>, docs/cgf-pool.md "One exporter"). A lease rather than a
/// session advisory lock: a lock held by a machine that vanished stays with its dead TCP connection until the server's
/// keepalives notice, while a lease expires by the server's clock after the takeover time. The time comes from the
/// server (<c>clock_timestamp()</c>), so the CGFs' clocks need not agree. Marking a file exported checks, in its
/// transaction, that this CGF still holds an unexpired lease (<see cref="PostgresExportStore"/>), which fences off a
/// holder that stalled past its lease.
/// </summary>
public sealed class ExportLease(string connectionString, string nodeId, TimeSpan takeoverAfter) : IExportLease
{
    private NpgsqlConnection? _connection;

    public string? Holder { get; private set; }

    public string? PreviousHolder { get; private set; }

    public bool TryAcquire()
    {
        try
        {
            _connection ??= PostgresDatabase.Open(connectionString);
            var row = _connection.QuerySingle<(string? Before, bool Expired, string? After)>(
                """
                WITH old AS (SELECT holder, expires_at < clock_timestamp() AS expired FROM export_lease WHERE id = 1 FOR UPDATE),
                     taken AS (
                         UPDATE export_lease SET holder = @nodeId, expires_at = clock_timestamp() + @ttl,
                             acquired_at = CASE WHEN export_lease.holder IS DISTINCT FROM @nodeId OR old.expired THEN clock_timestamp() ELSE acquired_at END
                         FROM old WHERE export_lease.id = 1 AND (old.holder IS NULL OR old.holder = @nodeId OR old.expired)
                         RETURNING export_lease.holder)
                SELECT old.holder, old.expired, (SELECT holder FROM taken) FROM old
                """, new { nodeId, ttl = takeoverAfter });
            var held = row.After == nodeId;
            PreviousHolder = held && row.Before is { } before && (before != nodeId || row.Expired) ? before : null;
            Holder = held ? nodeId : row.Before;
            return held;
        }
        catch (Exception exception) when (PostgresDatabase.IsFailure(exception))
        {
            _connection?.Dispose();
            _connection = null;
            Holder = null;
            throw;
        }
    }

    public void Release()
    {
        try
        {
            using var connection = PostgresDatabase.Open(connectionString);
            connection.Execute("UPDATE export_lease SET holder = NULL, expires_at = '-infinity' WHERE id = 1 AND holder = @nodeId", new { nodeId });
        }
        catch (Exception exception) when (PostgresDatabase.IsFailure(exception))
        {
            // It expires on its own after the takeover time.
        }
    }

    public void Dispose() => _connection?.Dispose();
}
