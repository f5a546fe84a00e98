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
        var peerStatus = CgfStatusReader.ReadPeers(connection);
        return new CgfActivity(pendingCdrs, pendingPackets, possiblyDuplicate, peerStatus, Retention.CgfRetentionState.Read(connection));
    }
}
