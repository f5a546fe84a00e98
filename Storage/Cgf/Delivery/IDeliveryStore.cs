namespace Storage.Cgf.Delivery;

/// <summary>
/// The delivery service's view of the CGF database, whatever its provider: <see cref="DeliveryStore"/> on SQLite,
/// <see cref="PostgreSql.PostgresDeliveryStore"/> on PostgreSQL. The documentation of each member is on DeliveryStore.
/// </summary>
public interface IDeliveryStore : IDisposable
{
    /// <summary>Export files <paramref name="destination"/> should take, oldest first, with the state recorded for it there.</summary>
    IReadOnlyList<PendingDelivery> Pending(string destination, bool anyDestination, int limit);

    /// <summary>Records how far <paramref name="name"/> got to <paramref name="destination"/>.</summary>
    void Record(string name, string destination, DeliveryRecordState state, long fileLength, DateTimeOffset at, bool recovered = false);

    /// <summary>The destinations that have <paramref name="name"/> (delivered, or found missing before it could be sent).</summary>
    IReadOnlySet<string> DoneFor(string name);

    /// <summary>Makes <c>delivery_destinations</c> the configured list.</summary>
    void Configure(IReadOnlyList<string> destinations, bool anyDestination);

    /// <summary>Writes the running state of one destination (called when it changes).</summary>
    void SaveState(DestinationState state);

    /// <summary>How many recorded export files are not delivered as the mode needs, and when the oldest was created.</summary>
    (long Count, DateTimeOffset? Oldest) Undelivered();
}
