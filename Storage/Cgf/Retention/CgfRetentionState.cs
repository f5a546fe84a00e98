using Dapper;
using Microsoft.Data.Sqlite;

namespace Storage.Cgf.Retention;

/// <summary>
/// Where retention stands (docs/cgf-design.md "Retention"): when the oldest stored CDR arrived, what was removed in
/// total, and the pages free for reuse inside the database file.
/// </summary>
public sealed record CgfRetentionState(DateTimeOffset? OldestCdrReceivedAt, long CdrsRemoved, long QuarantineRemoved, long FreePages, long FreeBytes)
{
    /// <summary>Reads it on an open connection: a seek to the first CDR, two counters, two pragmas.</summary>
    public static CgfRetentionState Read(SqliteConnection connection)
    {
        var oldest = connection.ExecuteScalar<long?>("SELECT received_at FROM cdrs ORDER BY id LIMIT 1");
        var (cdrs, quarantine) = connection.QuerySingle<(long, long)>(
            "SELECT COALESCE((SELECT value FROM node_state WHERE key = 'cdrs_removed'), 0), " +
            "COALESCE((SELECT value FROM node_state WHERE key = 'quarantine_removed'), 0)");
        var freePages = connection.ExecuteScalar<long>("PRAGMA freelist_count;");
        var pageSize = connection.ExecuteScalar<long>("PRAGMA page_size;");
        return new CgfRetentionState(oldest is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null, cdrs, quarantine, freePages, freePages * pageSize);
    }
}
