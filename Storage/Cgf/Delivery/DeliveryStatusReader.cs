using Dapper;
using Microsoft.Data.Sqlite;
using System.Data;

namespace Storage.Cgf.Delivery;

/// <summary>
/// The delivery part of <c>status</c>: per configured destination, and the files some destination still lacks. The same
/// SQL on both storage providers (integer columns read as BIGINT, which SQLite and PostgreSQL both give).
/// </summary>
public static class DeliveryStatusReader
{
    public static CgfDeliveryStatus? Read(IDbConnection connection, IDbTransaction? transaction = null)
    {
        // An SQLite file from before delivery (schema v6) has no delivery tables; PostgreSQL's schema always has them.
        if (connection is SqliteConnection &&
            connection.ExecuteScalar<long>("SELECT COUNT(*) FROM sqlite_schema WHERE name = 'delivery_destinations'", transaction: transaction) == 0)
            return null;
        var rows = connection.Query<(string Destination, long Priority, long Active, long Failures, long? Success, long? Failure, string? Error, long Delivered)>(
            """
            SELECT s.destination, CAST(s.priority AS BIGINT), CAST(s.active AS BIGINT), CAST(s.consecutive_failures AS BIGINT),
                   s.last_success, s.last_failure, s.last_error,
                   (SELECT COUNT(*) FROM deliveries d WHERE d.destination = s.destination AND d.state = 2)
            FROM delivery_destinations s ORDER BY s.priority
            """, transaction: transaction).ToList();
        if (rows.Count == 0)
            return null;
        var destinations = rows.Select(r => new CgfDestinationStatus(r.Destination, r.Delivered, ToTime(r.Success),
            (int)r.Failures, r.Active != 0, ToTime(r.Failure), r.Error)).ToList();
        var undelivered = Undelivered(connection, transaction);
        return new CgfDeliveryStatus(destinations, undelivered.Count, undelivered.Oldest);
    }

    /// <summary>
    /// Recorded export files that fewer configured destinations have (received, or found missing) than the mode needs
    /// (one in Failover, all in All), and the creation time of the oldest. With no destination configured MAX(needed)
    /// is NULL and no file counts.
    /// </summary>
    internal static (long Count, DateTimeOffset? Oldest) Undelivered(IDbConnection connection, IDbTransaction? transaction = null)
    {
        var (count, oldest) = connection.QuerySingle<(long Count, long? Oldest)>(
            """
            SELECT COUNT(*), MIN(b.created_at) FROM export_batches b
            WHERE (SELECT COUNT(*) FROM deliveries d JOIN delivery_destinations s ON s.destination = d.destination
                   WHERE d.name = b.name AND d.state >= 2) < (SELECT MAX(needed) FROM delivery_destinations)
            """, transaction: transaction);
        return (count, ToTime(oldest));
    }

    private static DateTimeOffset? ToTime(long? ms) => ms is { } value ? DateTimeOffset.FromUnixTimeMilliseconds(value) : null;
}
