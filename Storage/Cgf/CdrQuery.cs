using Dapper;
using System.Text;

namespace Storage.Cgf;

/// <summary>
/// Finds stored CDRs by the fields extracted at ingest, through a read-only connection beside the running
/// server: the cdr_index_* lookup tables up to the indexer's mark, the newer rows directly (CdrIndexer).
/// Quarantined records are not indexed: for them only the time range applies, on the receive time.
/// </summary>
public static class CdrQuery
{
    public static IReadOnlyList<StoredCdr> Find(string path, CdrQueryFilter filter)
    {
        using var connection = SqliteDatabase.OpenReadOnly(path);
        if (SchemaMigrator.GetUserVersion(connection) < 2)
            throw new InvalidOperationException($"database '{path}' has schema version {SchemaMigrator.GetUserVersion(connection)}; start the server once to upgrade it");
        var parameters = new DynamicParameters();
        parameters.Add("limit", filter.Limit);
        var sql = new StringBuilder();
        if (filter.Quarantined)
        {
            sql.Append("SELECT q.id, NULL AS status, 0 AS pd, p.address, q.seq, q.record_index, q.received_at, NULL AS record_type, NULL AS imsi, ")
               .Append("NULL AS charging_id, NULL AS lsn, NULL AS opened, length(q.data) AS length, q.reason ")
               .Append("FROM quarantine q JOIN peers p ON p.id = q.peer_id WHERE 1 = 1");
            AddRange(sql, parameters, filter, "q.received_at");
            sql.Append(" ORDER BY q.id LIMIT $limit");
        }
        else
        {
            sql.Append("SELECT c.id, c.status, c.possibly_duplicate, p.address, c.seq, c.record_index, c.received_at, c.record_type, c.served_imsi, ")
               .Append("c.charging_id, c.local_sequence_number, c.record_opening_time, length(c.data), NULL ")
               .Append("FROM cdrs c JOIN peers p ON p.id = c.peer_id WHERE 1 = 1");
            // Each key: the lookup table up to the indexer's mark, the rows after it directly (one statement, one snapshot).
            const string Tail = "SELECT id FROM cdrs WHERE id > (SELECT value FROM cdr_index_state WHERE key = 'indexed_through_id')";
            if (filter.ServedImsi is { } imsi)
            {
                sql.Append(" AND c.served_imsi = $imsi AND c.id IN (SELECT cdr_id FROM cdr_index_imsi WHERE served_imsi = $imsi ")
                   .Append($"UNION ALL {Tail} AND served_imsi = $imsi)");
                parameters.Add("imsi", imsi);
            }
            if (filter.ChargingId is { } chargingId)
            {
                sql.Append(" AND c.charging_id = $chargingId AND c.id IN (SELECT cdr_id FROM cdr_index_charging_id WHERE charging_id = $chargingId ")
                   .Append($"UNION ALL {Tail} AND charging_id = $chargingId)");
                parameters.Add("chargingId", chargingId);
            }
            if (filter.From is not null || filter.To is not null)
            {
                var range = new StringBuilder();
                AddRange(range, parameters, filter, "record_opening_time");
                sql.Append(" AND c.record_opening_time IS NOT NULL").Append(range.ToString().Replace("record_opening_time", "c.record_opening_time"))
                   .Append(" AND c.id IN (SELECT cdr_id FROM cdr_index_opening_time WHERE 1 = 1").Append(range)
                   .Append($" UNION ALL {Tail} AND record_opening_time IS NOT NULL").Append(range).Append(')');
            }
            if (filter.Status is { } status)
            {
                sql.Append(" AND c.status = $status");
                parameters.Add("status", (int)status);
            }
            sql.Append(" ORDER BY c.id LIMIT $limit");
        }
        return connection.Query<(long Id, long? Status, long Pd, string Peer, long Seq, long Index, long Received, long? Type, string? Imsi,
                long? ChargingId, long? Lsn, long? Opened, long Length, string? Problem)>(sql.ToString(), parameters)
            .Select(r => new StoredCdr(r.Id, r.Status is { } s ? StatusName((CdrStatus)s) : "quarantined", r.Pd != 0, r.Peer, (int)r.Seq,
                (int)r.Index, DateTimeOffset.FromUnixTimeMilliseconds(r.Received), (int?)r.Type, r.Imsi, r.ChargingId, r.Lsn,
                r.Opened is { } opened ? DateTimeOffset.FromUnixTimeMilliseconds(opened) : null, (int)r.Length, r.Problem))
            .ToList();
    }

    public static string StatusName(CdrStatus status) => status switch
    {
        CdrStatus.Pending => "pending",
        CdrStatus.Committed => "committed",
        CdrStatus.Exported => "exported",
        _ => status.ToString(),
    };

    private static void AddRange(StringBuilder sql, DynamicParameters parameters, CdrQueryFilter filter, string column)
    {
        if (filter.From is { } from)
        {
            sql.Append($" AND {column} >= $from");
            parameters.Add("from", from.ToUnixTimeMilliseconds());
        }
        if (filter.To is { } to)
        {
            sql.Append($" AND {column} < $to");
            parameters.Add("to", to.ToUnixTimeMilliseconds());
        }
    }
}
