using Dapper;
using Microsoft.Data.Sqlite;

namespace Storage.Cgf.Delivery;

/// <summary>
/// The delivery service's own connection to the CGF database: which export files each destination still lacks, and the
/// record of every delivery (tables <c>deliveries</c> and <c>delivery_destinations</c>, schema v6). Each write is one
/// short transaction with synchronous=FULL: a delivery recorded is a delivery that survives a power loss.
/// </summary>
public sealed class DeliveryStore : IDeliveryStore
{
    private readonly SqliteConnection _connection;

    public DeliveryStore(string path)
    {
        _connection = CgfDatabase.Open(path);
    }

    /// <summary>
    /// Export files <paramref name="destination"/> should take, oldest first, with the state recorded for it there (none or
    /// renaming). With <paramref name="anyDestination"/> (Failover) a file counts as delivered once one configured
    /// destination has it, and a file whose rename is under way at another configured destination waits for that one:
    /// sending it here too could put it on two destinations (a destination removed from the configuration holds nothing back). Otherwise (All) each destination takes every file.
    /// </summary>
    public IReadOnlyList<PendingDelivery> Pending(string destination, bool anyDestination, int limit) =>
        _connection.Query<(string Name, long Length, byte[] Hash, long Created, long? State)>(
            anyDestination
                ? """
                  SELECT b.name, b.file_length, b.sha256, b.created_at, d.state
                  FROM export_batches b LEFT JOIN deliveries d ON d.name = b.name AND d.destination = $destination
                  WHERE NOT EXISTS (SELECT 1 FROM deliveries o JOIN delivery_destinations s ON s.destination = o.destination
                                    WHERE o.name = b.name AND o.state >= 2)
                    AND NOT EXISTS (SELECT 1 FROM deliveries o JOIN delivery_destinations s ON s.destination = o.destination
                                    WHERE o.name = b.name AND o.destination <> $destination AND o.state = 1)
                  ORDER BY b.file_sequence_number LIMIT $limit
                  """
                : """
                  SELECT b.name, b.file_length, b.sha256, b.created_at, d.state
                  FROM export_batches b LEFT JOIN deliveries d ON d.name = b.name AND d.destination = $destination
                  WHERE d.state IS NULL OR d.state < 2
                  ORDER BY b.file_sequence_number LIMIT $limit
                  """, new { destination, limit })
        .Select(p => new PendingDelivery(p.Name, p.Length, p.Hash, p.Created, (DeliveryRecordState)(p.State ?? 0)))
        .ToList();

    /// <summary>Records how far <paramref name="name"/> got to <paramref name="destination"/>.</summary>
    public void Record(string name, string destination, DeliveryRecordState state, long fileLength, DateTimeOffset at, bool recovered = false) =>
        _connection.Execute(
            """
            INSERT INTO deliveries (name, destination, state, file_length, updated_at, recovered)
            VALUES ($name, $destination, $state, $fileLength, $at, $recovered)
            ON CONFLICT (name, destination) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at,
                recovered = excluded.recovered
            """,
            new { name, destination, state = (int)state, fileLength, at = at.ToUnixTimeMilliseconds(), recovered = recovered ? 1 : 0 });

    /// <summary>The destinations that have <paramref name="name"/> (delivered, or found missing before it could be sent).</summary>
    public IReadOnlySet<string> DoneFor(string name) =>
        _connection.Query<string>("SELECT destination FROM deliveries WHERE name = $name AND state >= 2", new { name })
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// Makes <c>delivery_destinations</c> the configured list (priority = position; how many must have a file): rows of destinations no longer
    /// configured go, so <c>status</c> shows the configuration in force; their delivery records stay.
    /// </summary>
    public void Configure(IReadOnlyList<string> destinations, bool anyDestination)
    {
        using var transaction = _connection.BeginTransaction();
        _connection.Execute("DELETE FROM delivery_destinations", transaction: transaction);
        for (var i = 0; i < destinations.Count; i++)
            _connection.Execute(
                """
                INSERT INTO delivery_destinations (destination, priority, needed, active, consecutive_failures)
                VALUES ($destination, $priority, $needed, 0, 0)
                """, new { destination = destinations[i], priority = i, needed = anyDestination ? 1 : destinations.Count }, transaction);
        var last = _connection.Query<(string Destination, long At)>(
            "SELECT destination, MAX(updated_at) FROM deliveries WHERE state = 2 GROUP BY destination", transaction: transaction);
        foreach (var (destination, at) in last)
            _connection.Execute("UPDATE delivery_destinations SET last_success = $at WHERE destination = $destination",
                new { destination, at }, transaction);
        transaction.Commit();
    }

    /// <summary>Writes the running state of one destination (called when it changes).</summary>
    public void SaveState(DestinationState state) =>
        _connection.Execute(
            """
            UPDATE delivery_destinations SET active = $active, consecutive_failures = $failures, last_success = $success,
                last_failure = $failure, last_error = $error WHERE destination = $destination
            """,
            new
            {
                destination = state.Destination,
                active = state.Active ? 1 : 0,
                failures = state.ConsecutiveFailures,
                success = state.LastSuccess?.ToUnixTimeMilliseconds(),
                failure = state.LastFailure?.ToUnixTimeMilliseconds(),
                error = state.LastError,
            });

    /// <summary>How many recorded export files are not delivered as the mode needs, and when the oldest was created.</summary>
    public (long Count, DateTimeOffset? Oldest) Undelivered() => DeliveryStatusReader.Undelivered(_connection);

    public void Dispose() => _connection.Dispose();
}
