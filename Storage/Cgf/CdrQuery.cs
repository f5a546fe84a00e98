using Dapper;
using System.Text;

namespace Storage.Cgf;

/// <summary>
/// Finds stored CDRs by the fields extracted at ingest (indexes cdrs_imsi, cdrs_charging_id,
/// cdrs_opening_time), through a read-only connection beside the running server.
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
            if (filter.ServedImsi is { } imsi)
            {
                sql.Append(" AND c.served_imsi = $imsi");
                parameters.Add("imsi", imsi);
            }
            if (filter.ChargingId is { } chargingId)
            {
                sql.Append(" AND c.charging_id = $chargingId");
                parameters.Add("chargingId", chargingId);
            }
            AddRange(sql, parameters, filter, "c.record_opening_time");
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
