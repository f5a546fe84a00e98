using Dapper;

namespace Storage.Cgf;

/// <summary>Reads <see cref="CgfActivity"/> through a read-only connection (WAL lets it run beside the writer).</summary>
public static class CgfActivityReader
{
    public static CgfActivity Read(string path)
    {
        using var connection = SqliteDatabase.OpenReadOnly(path);
        if (SchemaMigrator.GetUserVersion(connection) == 0)
            return new CgfActivity(0, 0, 0, []);

        // cdrs_pending and transfers_pending are partial indexes; late_commits holds only CDRs awaiting export that
        // became committed late, which includes every possibly-duplicate one (CgfSchema v3).
        var pendingCdrs = connection.ExecuteScalar<long>("SELECT COUNT(*) FROM cdrs WHERE status = 0");
        var pendingPackets = connection.ExecuteScalar<long>("SELECT COUNT(*) FROM transfers WHERE state = 2");
        var possiblyDuplicate = connection.ExecuteScalar<long>(
            "SELECT COUNT(*) FROM late_commits JOIN cdrs ON cdrs.id = late_commits.cdr_id WHERE cdrs.possibly_duplicate = 1 AND cdrs.status = 1");
        var peers = connection.Query<(long Id, string Address, long FirstSeen, long LastSeen)>(
            "SELECT id, address, first_seen, last_seen FROM peers ORDER BY address").ToList();
        var counters = connection.Query<(long PeerId, string Name, long Value)>(
            "SELECT peer_id, name, value FROM peer_counters ORDER BY peer_id, name").ToList();
        var peerStatus = peers.Select(p => new CgfPeerStatus(
            p.Address,
            DateTimeOffset.FromUnixTimeMilliseconds(p.FirstSeen),
            DateTimeOffset.FromUnixTimeMilliseconds(p.LastSeen),
            counters.Where(c => c.PeerId == p.Id).ToDictionary(c => c.Name, c => c.Value))).ToList();
        return new CgfActivity(pendingCdrs, pendingPackets, possiblyDuplicate, peerStatus);
    }
}
