using Dapper;
using Npgsql;
using System.Text;

namespace Storage.Cgf.PostgreSql;

/// <summary>
/// <see cref="CdrQuery"/> on PostgreSQL: the same answers (rows in id order up to the limit, the fields shown decoded
/// from each returned record), but the looked-up fields are columns of <c>cdrs</c> decoded at ingest and indexed
/// (docs/cgf-pool.md "Schema"), so one statement answers with no indexer mark to straddle; the indexes hold the
/// exported CDRs, the ones not exported yet are read by status. A record whose field could
/// not be decoded has NULL there, which no filter matches, as a record missing from a SQLite lookup table. Quarantined
/// records have no decoded fields: for them only the time range applies, on the receive time.
/// </summary>
public static class PostgresCdrQuery
{
    public static IReadOnlyList<StoredCdr> Find(string connectionString, CdrQueryFilter filter)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        var version = PostgresDatabase.SchemaVersion(connection);
        if (version == 0)
            throw new InvalidOperationException($"{PostgresDatabase.Describe(connectionString)} holds no CGF schema; start the server once to create it");
        return filter.Quarantined ? CdrQuery.FindQuarantined(connection, filter) : FindCdrs(connection, filter);
    }

    private static List<StoredCdr> FindCdrs(NpgsqlConnection connection, CdrQueryFilter filter)
    {
        var parameters = new DynamicParameters();
        parameters.Add("limit", filter.Limit);
        var match = new StringBuilder();
        if (filter.ServedImsi is { } imsi)
        {
            match.Append(" AND served_imsi = @imsi");
            parameters.Add("imsi", imsi);
        }
        if (filter.ChargingId is { } chargingId)
        {
            match.Append(" AND charging_id = @chargingId");
            parameters.Add("chargingId", chargingId);
        }
        // Milliseconds since the epoch, as ingest stores the record opening time: [From, To).
        if (filter.From is { } from)
        {
            match.Append(" AND record_opening_time >= @from");
            parameters.Add("from", from.ToUnixTimeMilliseconds());
        }
        if (filter.To is { } to)
        {
            match.Append(" AND record_opening_time < @to");
            parameters.Add("to", to.ToUnixTimeMilliseconds());
        }
        var statuses = filter.Status is { } status ? $" AND status = {(int)status}" : "";
        // The lookup indexes hold exported (and withheld) CDRs only (docs/cgf-pool.md "Schema"): with a field to match, the
        // CDRs not exported are read through the indexes that find them by status, each part in id order up to the limit.
        string[] parts = match.Length == 0
            ? [$"TRUE{statuses}"]
            : [$"status >= {(int)CdrStatus.Exported}{statuses}", $"status = {(int)CdrStatus.Committed}{statuses}", $"status = {(int)CdrStatus.Pending}{statuses}"];
        var union = string.Join(" UNION ALL ", parts.Select(where =>
            $"(SELECT id, status, possibly_duplicate, peer_id, seq, record_index, received_at, record_format, data FROM cdrs WHERE {where}{match} ORDER BY id LIMIT @limit)"));
        var sql = "SELECT c.id, c.status, c.possibly_duplicate, p.address, c.seq, c.record_index, c.received_at, c.record_format, c.data " +
            $"FROM ({union}) c JOIN peers p ON p.id = c.peer_id ORDER BY c.id LIMIT @limit";

        var rows = connection.Query<(long Id, short Status, short PossiblyDuplicate, string Peer, int Seq, int Index, long Received, int Format, byte[] Data)>(
            sql, parameters);
        var found = new List<StoredCdr>();
        foreach (var row in rows)
        {
            // With the subscriber fields (servedMSISDN, rATType), which ingest does not decode.
            var fields = StoredCdrFields.Read(row.Format, row.Data);
            found.Add(new StoredCdr(row.Id, CdrQuery.StatusName((CdrStatus)row.Status), row.PossiblyDuplicate != 0, row.Peer,
                row.Seq, row.Index, DateTimeOffset.FromUnixTimeMilliseconds(row.Received), fields.RecordType,
                fields.ServedImsi, fields.ChargingId, fields.LocalSequenceNumber,
                // In UTC, at the column's millisecond resolution, as the query compares it.
                fields.RecordOpeningTime is { } opened ? DateTimeOffset.FromUnixTimeMilliseconds(opened.ToUnixTimeMilliseconds()) : null,
                row.Data.Length, null, fields.ServedMsisdn, fields.RatType));
        }
        return found;
    }
}
