using Dapper;
using Npgsql;
using Storage.Cgf.Delivery;

namespace Storage.Cgf.PostgreSql;

/// <summary>
/// <see cref="DeliveryStore"/> on PostgreSQL: the same tables, queries and meaning (see its members), with each write
/// one short transaction that the server's <c>synchronous_commit = on</c> makes durable before it returns. Unlike a
/// SQLite file the server can go away: a failure drops the connection and the next call opens a new one (following a
/// failover when the connection string names several hosts).
/// </summary>
public sealed class PostgresDeliveryStore : IDeliveryStore
{
    private readonly string _connectionString;
    private NpgsqlConnection? _connection;

    public PostgresDeliveryStore(string connectionString)
    {
        _connectionString = connectionString;
        _connection = PostgresDatabase.Open(connectionString);
    }

    public IReadOnlyList<PendingDelivery> Pending(string destination, bool anyDestination, int limit) =>
        Use(connection => connection.Query<(string Name, long Length, byte[] Hash, long Created, int? State)>(
                anyDestination
                    ? """
                      SELECT b.name, b.file_length, b.sha256, b.created_at, d.state
                      FROM export_batches b LEFT JOIN deliveries d ON d.name = b.name AND d.destination = @destination
                      WHERE NOT EXISTS (SELECT 1 FROM deliveries o JOIN delivery_destinations s ON s.destination = o.destination
                                        WHERE o.name = b.name AND o.state >= 2)
                        AND NOT EXISTS (SELECT 1 FROM deliveries o JOIN delivery_destinations s ON s.destination = o.destination
                                        WHERE o.name = b.name AND o.destination <> @destination AND o.state = 1)
                      ORDER BY b.file_sequence_number LIMIT @limit
                      """
                    : """
                      SELECT b.name, b.file_length, b.sha256, b.created_at, d.state
                      FROM export_batches b LEFT JOIN deliveries d ON d.name = b.name AND d.destination = @destination
                      WHERE d.state IS NULL OR d.state < 2
                      ORDER BY b.file_sequence_number LIMIT @limit
                      """, new { destination, limit })
            .Select(p => new PendingDelivery(p.Name, p.Length, p.Hash, p.Created, (DeliveryRecordState)(p.State ?? 0)))
            .ToList());

    public void Record(string name, string destination, DeliveryRecordState state, long fileLength, DateTimeOffset at, bool recovered = false) =>
        Use(connection => connection.Execute(
            """
            INSERT INTO deliveries (name, destination, state, file_length, updated_at, recovered)
            VALUES (@name, @destination, @state, @fileLength, @at, @recovered)
            ON CONFLICT (name, destination) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at,
                recovered = excluded.recovered
            """,
            new { name, destination, state = (int)state, fileLength, at = at.ToUnixTimeMilliseconds(), recovered = recovered ? 1 : 0 }));

    public IReadOnlySet<string> DoneFor(string name) =>
        Use(connection => connection.Query<string>("SELECT destination FROM deliveries WHERE name = @name AND state >= 2", new { name })
            .ToHashSet(StringComparer.Ordinal));

    public void Configure(IReadOnlyList<string> destinations, bool anyDestination) =>
        Use(connection =>
        {
            using var transaction = connection.BeginTransaction();
            connection.Execute("DELETE FROM delivery_destinations", transaction: transaction);
            for (var i = 0; i < destinations.Count; i++)
                connection.Execute(
                    """
                    INSERT INTO delivery_destinations (destination, priority, needed, active, consecutive_failures)
                    VALUES (@destination, @priority, @needed, 0, 0)
                    """, new { destination = destinations[i], priority = i, needed = anyDestination ? 1 : destinations.Count }, transaction);
            // One statement where SQLite reads then updates row by row: the last delivery to each configured destination.
            connection.Execute(
                """
                UPDATE delivery_destinations s SET last_success = d.at
                FROM (SELECT destination, MAX(updated_at) AS at FROM deliveries WHERE state = 2 GROUP BY destination) d
                WHERE s.destination = d.destination
                """, transaction: transaction);
            transaction.Commit();
            return 0;
        });

    public void SaveState(DestinationState state) =>
        Use(connection => connection.Execute(
            """
            UPDATE delivery_destinations SET active = @active, consecutive_failures = @failures, last_success = @success,
                last_failure = @failure, last_error = @error WHERE destination = @destination
            """,
            new
            {
                destination = state.Destination,
                active = state.Active ? 1 : 0,
                failures = state.ConsecutiveFailures,
                success = state.LastSuccess?.ToUnixTimeMilliseconds(),
                failure = state.LastFailure?.ToUnixTimeMilliseconds(),
                error = state.LastError,
            }));

    public (long Count, DateTimeOffset? Oldest) Undelivered() => Use(connection => DeliveryStatusReader.Undelivered(connection));

    /// <summary>Runs <paramref name="action"/> on an open connection; a failure of the server or the way to it closes that connection.</summary>
    private T Use<T>(Func<NpgsqlConnection, T> action)
    {
        if (_connection is not { State: System.Data.ConnectionState.Open })
        {
            _connection?.Dispose();
            _connection = null;
            _connection = PostgresDatabase.Open(_connectionString);
        }
        try
        {
            return action(_connection);
        }
        catch (Exception exception) when (PostgresDatabase.IsFailure(exception))
        {
            _connection.Dispose();
            _connection = null;
            throw;
        }
    }

    public void Dispose()
    {
        _connection?.Dispose();
        _connection = null;
    }
}
