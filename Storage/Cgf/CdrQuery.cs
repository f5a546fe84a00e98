using Charging.Cdr;
using Dapper;
using Microsoft.Data.Sqlite;
using System.Data;
using System.Text;

namespace Storage.Cgf;

/// <summary>
/// Finds stored CDRs by fields of their records, through a read-only connection beside the running server:
/// the cdr_index_* lookup tables up to the indexer's mark, and above it the records themselves, decoded
/// (StoredCdrFields), all in one read transaction (one WAL snapshot), so an answer does not depend on how far
/// the indexer got. The fields shown are decoded from each returned record. Quarantined records are not
/// indexed: for them only the time range applies, on the receive time.
/// </summary>
public static class CdrQuery
{
    private const string Columns =
        "SELECT c.id, c.status, c.possibly_duplicate, p.address, c.seq, c.record_index, c.received_at, c.record_format, c.data " +
        "FROM cdrs c JOIN peers p ON p.id = c.peer_id";

    public static IReadOnlyList<StoredCdr> Find(string path, CdrQueryFilter filter)
    {
        using var connection = SqliteDatabase.OpenReadOnly(path);
        var version = SchemaMigrator.GetUserVersion(connection);
        if (version < 2)
            throw new InvalidOperationException($"database '{path}' has schema version {version}; start the server once to upgrade it");
        if (filter.Quarantined)
            return FindQuarantined(connection, filter);

        // Deferred: a read transaction; its first read fixes the snapshot every later statement sees.
        using var snapshot = connection.BeginTransaction(deferred: true);
        var found = new List<StoredCdr>();
        var status = filter.Status is { } s ? $" AND c.status = {(int)s}" : "";
        if (filter.ServedImsi is null && filter.ChargingId is null && filter.From is null && filter.To is null)
        {
            Read(connection, snapshot, $"{Columns} WHERE 1 = 1{status} ORDER BY c.id LIMIT $limit", filter, found, matchFields: false);
            return found;
        }

        var mark = connection.ExecuteScalar<long>("SELECT value FROM cdr_index_state WHERE key = 'indexed_through_id'", transaction: snapshot);
        var indexed = new StringBuilder($"{Columns} WHERE c.id <= $mark{status}");
        if (filter.ServedImsi is not null)
            indexed.Append($" AND c.id IN ({Entries("cdr_index_imsi", version)} AND i.served_imsi = $imsi)");
        if (filter.ChargingId is not null)
            indexed.Append($" AND c.id IN ({Entries("cdr_index_charging_id", version)} AND i.charging_id = $chargingId)");
        if (filter.From is not null || filter.To is not null)
        {
            indexed.Append($" AND c.id IN ({Entries("cdr_index_opening_time", version)}");
            if (filter.From is not null)
                indexed.Append(" AND i.record_opening_time >= $from");
            if (filter.To is not null)
                indexed.Append(" AND i.record_opening_time < $to");
            indexed.Append(')');
        }
        indexed.Append(" ORDER BY c.id LIMIT $limit");
        Read(connection, snapshot, indexed.ToString(), filter, found, matchFields: false, mark);
        // Ids above the mark are all larger than any found so far: id order holds across both parts.
        if (found.Count < filter.Limit)
            Read(connection, snapshot, $"{Columns} WHERE c.id > $mark{status} ORDER BY c.id", filter, found, matchFields: true, mark);
        return found;
    }

    /// <summary>
    /// The entries of a lookup table, one seek per segment (schema v5: keys lead with the segment); CROSS JOIN keeps
    /// cdr_segments the outer loop. Entries whose CDR retention removed find no row in the join with cdrs. A database
    /// not yet upgraded (read-only here) has the tables keyed without the segment.
    /// </summary>
    private static string Entries(string table, int version) => version >= 5
        ? $"SELECT i.cdr_id FROM cdr_segments s CROSS JOIN {table} i WHERE i.segment = s.segment"
        : $"SELECT i.cdr_id FROM {table} i WHERE 1 = 1";

    /// <summary>Adds the rows of <paramref name="sql"/> (those whose decoded fields match, with <paramref name="matchFields"/>) up to the limit.</summary>
    private static void Read(SqliteConnection connection, SqliteTransaction snapshot, string sql, CdrQueryFilter filter, List<StoredCdr> found,
        bool matchFields, long mark = 0)
    {
        var parameters = new
        {
            mark, limit = filter.Limit, imsi = filter.ServedImsi, chargingId = filter.ChargingId,
            from = filter.From?.ToUnixTimeMilliseconds(), to = filter.To?.ToUnixTimeMilliseconds(),
        };
        // Unbuffered: the scan above the mark stops at the limit without reading the rest.
        var rows = connection.Query<(long Id, long Status, long PossiblyDuplicate, string Peer, long Seq, long Index, long Received, long Format, byte[] Data)>(
            sql, parameters, snapshot, buffered: false);
        foreach (var row in rows)
        {
            if (found.Count >= filter.Limit)
                break;
            var fields = StoredCdrFields.Read(row.Format, row.Data);
            if (matchFields && !Matches(fields, filter))
                continue;
            found.Add(new StoredCdr(row.Id, StatusName((CdrStatus)row.Status), row.PossiblyDuplicate != 0, row.Peer,
                (int)row.Seq, (int)row.Index, DateTimeOffset.FromUnixTimeMilliseconds(row.Received), fields.RecordType,
                fields.ServedImsi, fields.ChargingId, fields.LocalSequenceNumber,
                // In UTC, at the lookup table's millisecond resolution, as the query compares it.
                fields.RecordOpeningTime is { } opened ? DateTimeOffset.FromUnixTimeMilliseconds(opened.ToUnixTimeMilliseconds()) : null,
                row.Data.Length, null, fields.ServedMsisdn, fields.RatType));
        }
    }

    /// <summary>The lookup tables' semantics on a decoded record: a field the record lacks never matches.</summary>
    private static bool Matches(CdrSummary fields, CdrQueryFilter filter)
    {
        if (filter.ServedImsi is { } imsi && !string.Equals(fields.ServedImsi, imsi, StringComparison.Ordinal))
            return false;
        if (filter.ChargingId is { } chargingId && fields.ChargingId != chargingId)
            return false;
        if (filter.From is null && filter.To is null)
            return true;
        if (fields.RecordOpeningTime is not { } opened)
            return false;
        var openedMs = opened.ToUnixTimeMilliseconds();
        return (filter.From is not { } from || openedMs >= from.ToUnixTimeMilliseconds()) &&
               (filter.To is not { } to || openedMs < to.ToUnixTimeMilliseconds());
    }

    /// <summary>Quarantined records (not decoded: only the time range applies, on the receive time); the same SQL on both providers.</summary>
    internal static List<StoredCdr> FindQuarantined(IDbConnection connection, CdrQueryFilter filter)
    {
        var parameters = new DynamicParameters();
        parameters.Add("limit", filter.Limit);
        var sql = new StringBuilder(
            "SELECT q.id, p.address, CAST(q.seq AS BIGINT), CAST(q.record_index AS BIGINT), q.received_at, CAST(length(q.data) AS BIGINT), q.reason ")
            .Append("FROM quarantine q JOIN peers p ON p.id = q.peer_id WHERE 1 = 1");
        if (filter.From is { } from)
        {
            sql.Append(" AND q.received_at >= @from");
            parameters.Add("from", from.ToUnixTimeMilliseconds());
        }
        if (filter.To is { } to)
        {
            sql.Append(" AND q.received_at < @to");
            parameters.Add("to", to.ToUnixTimeMilliseconds());
        }
        sql.Append(" ORDER BY q.id LIMIT @limit");
        return connection.Query<(long Id, string Peer, long Seq, long Index, long Received, long Length, string Problem)>(sql.ToString(), parameters)
            .Select(r => new StoredCdr(r.Id, "quarantined", false, r.Peer, (int)r.Seq, (int)r.Index, DateTimeOffset.FromUnixTimeMilliseconds(r.Received),
                null, null, null, null, null, (int)r.Length, r.Problem))
            .ToList();
    }

    public static string StatusName(CdrStatus status) => status switch
    {
        CdrStatus.Pending => "pending",
        CdrStatus.Committed => "committed",
        CdrStatus.Exported => "exported",
        CdrStatus.Withheld => "withheld",
        _ => status.ToString(),
    };
}
