using Dapper;
using Npgsql;
using Storage.Cgf.Retention;
using System.Data;

namespace Storage.Cgf.PostgreSql;

/// <summary>
/// <see cref="CgfStatus"/> and <see cref="CgfActivity"/> of a pool's PostgreSQL database (docs/cgf-pool.md), with the
/// meaning <see cref="CgfStatusReader"/> and <see cref="CgfActivityReader"/> give them on SQLite. The CDRs, transfers
/// and deliveries are the pool's; peers are per (node, address) and shown per address, across nodes. Each read is one
/// read-only REPEATABLE READ transaction, so its counts come from one snapshot while the pool's writers go on. The
/// connection does not migrate: a status read neither creates nor upgrades the pool's schema.
/// </summary>
public static class PostgresStatusReader
{
    /// <summary>The database's counts, with the restart counter of <paramref name="nodeId"/> (0 if that node never started).</summary>
    public static CgfStatus Read(string connectionString, string nodeId)
    {
        using var connection = OpenReadOnly(connectionString, out var transaction);
        if (transaction is null)
            return new CgfStatus(0, 0, 0, 0, 0, 0, 0, []);
        using var snapshot = transaction;

        var restart = connection.ExecuteScalar<long?>(
            "SELECT value FROM node_state WHERE node_id = @nodeId AND key = 'restart_counter'", new { nodeId }, snapshot) ?? 0;
        var counts = connection.QuerySingle<(long Committed, long Pending, long PossiblyDuplicate, long Exported, long Withheld)>(
            """
            SELECT COUNT(*) FILTER (WHERE status = 1), COUNT(*) FILTER (WHERE status = 0),
                   COUNT(*) FILTER (WHERE possibly_duplicate = 1), COUNT(*) FILTER (WHERE status = 2), COUNT(*) FILTER (WHERE status = 3)
            FROM cdrs
            """, transaction: snapshot);
        var quarantined = connection.ExecuteScalar<long>("SELECT COUNT(*) FROM quarantine", transaction: snapshot);
        var pendingPackets = PendingPackets(connection, snapshot);
        var peers = ReadPeers(connection, snapshot);

        // "Committed" counts every CDR billing may take, exported or not (as CgfStatusReader).
        return new CgfStatus((int)restart, counts.Committed + counts.Exported, counts.Pending, counts.PossiblyDuplicate,
            quarantined, counts.Exported, pendingPackets, peers, counts.Withheld, ReadRetention(connection, snapshot),
            Delivery.DeliveryStatusReader.Read(connection, snapshot));
    }

    /// <summary>What monitoring reads every few seconds: counts that partial indexes or small tables answer.</summary>
    public static CgfActivity ReadActivity(string connectionString)
    {
        using var connection = OpenReadOnly(connectionString, out var transaction);
        if (transaction is null)
            return new CgfActivity(0, 0, 0, []);
        using var snapshot = transaction;

        // cdrs_pending, transfers_pending and cdrs_exportable (status = 1, leading with possibly_duplicate) are partial
        // indexes: no late_commits table is needed to count the possibly-duplicate CDRs awaiting export.
        var pendingCdrs = connection.ExecuteScalar<long>("SELECT COUNT(*) FROM cdrs WHERE status = 0", transaction: snapshot);
        var pendingPackets = PendingPackets(connection, snapshot);
        var possiblyDuplicate = connection.ExecuteScalar<long>(
            "SELECT COUNT(*) FROM cdrs WHERE status = 1 AND possibly_duplicate = 1", transaction: snapshot);
        return new CgfActivity(pendingCdrs, pendingPackets, possiblyDuplicate, ReadPeers(connection, snapshot), ReadRetention(connection, snapshot));
    }

    /// <summary>
    /// Every peer address that sent anything to any node of the pool: first seen by any, last seen by any, its counters
    /// summed over the nodes. Ordered by address in byte order (COLLATE "C"), as SQLite's ORDER BY gives it.
    /// </summary>
    internal static List<CgfPeerStatus> ReadPeers(NpgsqlConnection connection, NpgsqlTransaction? transaction = null)
    {
        var peers = connection.Query<(string Address, long FirstSeen, long LastSeen)>(
            "SELECT address, MIN(first_seen), MAX(last_seen) FROM peers GROUP BY address ORDER BY address COLLATE \"C\"",
            transaction: transaction).ToList();
        // SUM of BIGINT is NUMERIC in PostgreSQL: back to BIGINT for the reader.
        var counters = connection.Query<(string Address, string Name, long Value)>(
                "SELECT p.address, c.name, SUM(c.value)::bigint FROM peer_counters c JOIN peers p ON p.id = c.peer_id GROUP BY p.address, c.name",
                transaction: transaction)
            .ToLookup(c => c.Address, StringComparer.Ordinal);
        return peers.Select(p => new CgfPeerStatus(
            p.Address,
            DateTimeOffset.FromUnixTimeMilliseconds(p.FirstSeen),
            DateTimeOffset.FromUnixTimeMilliseconds(p.LastSeen),
            counters[p.Address].ToDictionary(c => c.Name, c => c.Value))).ToList();
    }

    /// <summary>
    /// Retention as <see cref="CgfRetentionState.Read"/> gives it: the receive time of the lowest CDR id (a seek on the
    /// primary key; concurrent writers take ids in one order and commit in another, so it may be a batch younger than
    /// the oldest, never a scan of all CDRs), the pool's removed counters. PostgreSQL reuses the space of removed rows
    /// itself (autovacuum), and has no free-page count to show: FreePages and FreeBytes are 0.
    /// </summary>
    internal static CgfRetentionState ReadRetention(NpgsqlConnection connection, NpgsqlTransaction? transaction = null)
    {
        var oldest = connection.ExecuteScalar<long?>("SELECT received_at FROM cdrs ORDER BY id LIMIT 1", transaction: transaction);
        var (cdrs, quarantine) = connection.QuerySingle<(long, long)>(
            "SELECT COALESCE((SELECT value FROM pool_state WHERE key = 'cdrs_removed'), 0), " +
            "COALESCE((SELECT value FROM pool_state WHERE key = 'quarantine_removed'), 0)", transaction: transaction);
        return new CgfRetentionState(oldest is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null, cdrs, quarantine, 0, 0);
    }

    private static long PendingPackets(NpgsqlConnection connection, NpgsqlTransaction transaction) =>
        connection.ExecuteScalar<long>("SELECT COUNT(*) FROM transfers WHERE state = 2", transaction: transaction);

    /// <summary>
    /// A connection without migration, and a read-only snapshot on it; no transaction (null) when the database holds no
    /// CGF schema yet, which reads as all zeros (as an empty SQLite file does).
    /// </summary>
    internal static NpgsqlConnection OpenReadOnly(string connectionString, out NpgsqlTransaction? snapshot)
    {
        var connection = new NpgsqlConnection(connectionString);
        try
        {
            connection.Open();
            snapshot = null;
            if (PostgresDatabase.SchemaVersion(connection) == 0)
                return connection;
            snapshot = connection.BeginTransaction(IsolationLevel.RepeatableRead);
            connection.Execute("SET TRANSACTION READ ONLY", transaction: snapshot);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }
}
