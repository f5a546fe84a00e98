using Dapper;
using Npgsql;
using Storage.Cgf.Delivery;

namespace Storage.Cgf.PostgreSql;

/// <summary>
/// The delivery part of <c>status</c> on PostgreSQL: the SQL of <see cref="DeliveryStatusReader"/>, on a schema that
/// always has the delivery tables (PostgresSchema v1).
/// </summary>
public static class PostgresDeliveryStatusReader
{
    public static CgfDeliveryStatus? Read(NpgsqlConnection connection, NpgsqlTransaction? transaction = null)
    {
        var rows = connection.Query<(string Destination, int Priority, int Active, int Failures, long? Success, long? Failure, string? Error, long Delivered)>(
            """
            SELECT s.destination, s.priority, s.active, s.consecutive_failures, s.last_success, s.last_failure, s.last_error,
                   (SELECT COUNT(*) FROM deliveries d WHERE d.destination = s.destination AND d.state = 2)
            FROM delivery_destinations s ORDER BY s.priority
            """, transaction: transaction).ToList();
        if (rows.Count == 0)
            return null;
        var destinations = rows.Select(r => new CgfDestinationStatus(r.Destination, r.Delivered, ToTime(r.Success),
            r.Failures, r.Active != 0, ToTime(r.Failure), r.Error)).ToList();
        var undelivered = Undelivered(connection, transaction);
        return new CgfDeliveryStatus(destinations, undelivered.Count, undelivered.Oldest);
    }

    /// <summary>
    /// Recorded export files that fewer configured destinations have (received, or found missing) than the mode needs
    /// (one in Failover, all in All), and the creation time of the oldest. With no destination configured MAX(needed)
    /// is NULL and no file counts.
    /// </summary>
    internal static (long Count, DateTimeOffset? Oldest) Undelivered(NpgsqlConnection connection, NpgsqlTransaction? transaction = null)
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
