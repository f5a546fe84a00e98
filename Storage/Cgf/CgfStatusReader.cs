using Dapper;
using Microsoft.Data.Sqlite;

namespace Storage.Cgf;

/// <summary>Reads <see cref="CgfStatus"/> through a read-only connection (WAL lets it run beside the writer).</summary>
public static class CgfStatusReader
{
    public static CgfStatus Read(string path)
    {
        using var connection = SqliteDatabase.OpenReadOnly(path);
        var version = SchemaMigrator.GetUserVersion(connection);
        if (version == 0)
            return new CgfStatus(0, 0, 0, 0, 0, 0, 0, []);

        var restart = connection.ExecuteScalar<int>("SELECT value FROM node_state WHERE key = 'restart_counter'");
        var counts = connection.QuerySingle<(long Committed, long Pending, long PossiblyDuplicate, long Exported, long Withheld)>(
            """
            SELECT COALESCE(SUM(status = 1), 0), COALESCE(SUM(status = 0), 0),
                   COALESCE(SUM(possibly_duplicate = 1), 0), COALESCE(SUM(status = 2), 0), COALESCE(SUM(status = 3), 0)
            FROM cdrs
            """);
        var quarantined = connection.ExecuteScalar<long>("SELECT COUNT(*) FROM quarantine");
        var pendingPackets = connection.ExecuteScalar<long>("SELECT COUNT(*) FROM transfers WHERE state = 2");
        var peerStatus = ReadPeers(connection);

        // "Committed" counts every CDR billing may take, exported or not.
        return new CgfStatus(restart, counts.Committed + counts.Exported, counts.Pending, counts.PossiblyDuplicate,
            quarantined, counts.Exported, pendingPackets, peerStatus, counts.Withheld, Retention.CgfRetentionState.Read(connection),
                Delivery.DeliveryStatusReader.Read(connection));
    }

    /// <summary>Every peer that sent anything, with its counters by request kind and cause.</summary>
    internal static List<CgfPeerStatus> ReadPeers(SqliteConnection connection)
    {
        var peers = connection.Query<(long Id, string Address, long FirstSeen, long LastSeen)>(
            "SELECT id, address, first_seen, last_seen FROM peers ORDER BY address").ToList();
        var counters = connection.Query<(long PeerId, string Name, long Value)>(
            "SELECT peer_id, name, value FROM peer_counters ORDER BY peer_id, name").ToList();
        return peers.Select(p => new CgfPeerStatus(
            p.Address,
            DateTimeOffset.FromUnixTimeMilliseconds(p.FirstSeen),
            DateTimeOffset.FromUnixTimeMilliseconds(p.LastSeen),
            counters.Where(c => c.PeerId == p.Id).ToDictionary(c => c.Name, c => c.Value))).ToList();
    }
}
