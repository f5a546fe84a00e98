using Cgf.Server.Tests.Delivery.Infrastructure;
using Cgf.Server.Tests.Export.Infrastructure;
using Storage.Cgf;
using Storage.Cgf.Delivery;
using Storage.Cgf.PostgreSql;

namespace Cgf.Server.Tests.Postgres;

/// <summary>
/// What each destination still lacks, the same scenarios on every <see cref="IDeliveryStore"/>: a derived class per
/// provider gives a database holding three recorded export files (oldest first) and its <c>status</c> reader.
/// </summary>
public abstract class DeliveryStoreContractTests
{
    private const string A = "cgf@a:22/in";
    private const string B = "cgf@b:22/in";
    private const string C = "cgf@c:22/in";

    /// <summary>A store over a database with three recorded export files, and what <c>status</c> reads of it.</summary>
    protected sealed record Setup(IDeliveryStore Store, Func<CgfStatus> Status, IDisposable Database) : IDisposable
    {
        public void Dispose()
        {
            Store.Dispose();
            Database.Dispose();
        }
    }

    protected abstract Setup ThreeFiles();

    private static string[] Names(IReadOnlyList<PendingDelivery> pending) => pending.Select(p => p.Name).ToArray();

    private static readonly DateTimeOffset At = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);

    [SkippableFact]
    public void FailoverNeverOffersAnotherDestinationAFileThatOneHasOrIsRenaming()
    {
        using var setup = ThreeFiles();
        var store = setup.Store;
        store.Configure([A, B], anyDestination: true);
        var all = Names(store.Pending(A, true, 10));
        Assert.Equal(3, all.Length);

        store.Record(all[0], A, DeliveryRecordState.Renaming, 1, At);
        store.Record(all[1], A, DeliveryRecordState.Delivered, 1, At);
        Assert.Equal([all[2]], Names(store.Pending(B, true, 10)));
        var forA = store.Pending(A, true, 10);
        Assert.Equal([all[0], all[2]], Names(forA));
        Assert.Equal(DeliveryRecordState.Renaming, forA[0].State);
        Assert.Equal(DeliveryRecordState.None, forA[1].State);
        Assert.Equal(2, store.Undelivered().Count);
        Assert.Equal(2, setup.Status().Delivery!.UndeliveredFiles);
    }

    [SkippableFact]
    public void AllOffersEveryDestinationEveryFileAndCountsAFileUndeliveredUntilAllHaveIt()
    {
        using var setup = ThreeFiles();
        var store = setup.Store;
        store.Configure([A, B], anyDestination: false);
        var all = Names(store.Pending(A, false, 10));
        store.Record(all[0], A, DeliveryRecordState.Delivered, 1, At);
        store.Record(all[1], A, DeliveryRecordState.Missing, 1, At);
        Assert.Equal([all[2]], Names(store.Pending(A, false, 10)));
        Assert.Equal(all, Names(store.Pending(B, false, 10)));
        Assert.Equal(3, store.Undelivered().Count);
        store.Record(all[0], B, DeliveryRecordState.Delivered, 1, At);
        Assert.Equal(2, store.Undelivered().Count);
        Assert.Equal(new HashSet<string> { A, B }, store.DoneFor(all[0]));
        Assert.Equal(new HashSet<string> { A }, store.DoneFor(all[1]));
        Assert.Empty(store.DoneFor(all[2]));
    }

    [SkippableFact]
    public void PendingKeepsFileOrderAndStopsAtTheLimit()
    {
        using var setup = ThreeFiles();
        var store = setup.Store;
        store.Configure([A], anyDestination: true);
        var all = store.Pending(A, true, 10);
        Assert.Equal(all.Select(p => p.CreatedAtMs).Order(), all.Select(p => p.CreatedAtMs));
        Assert.Equal(Names(all)[..2], Names(store.Pending(A, true, 2)));
        Assert.Equal(Names(all)[..2], Names(store.Pending(A, false, 2)));
        Assert.All(all, p => Assert.True(p.FileLength > 0 && p.Sha256.Length == 32, p.Name));
        var (count, oldest) = store.Undelivered();
        Assert.Equal(3, count);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(all[0].CreatedAtMs), oldest);
    }

    [SkippableFact]
    public void RecordingAgainReplacesTheStateAndARemovedDestinationNoLongerCounts()
    {
        using var setup = ThreeFiles();
        var store = setup.Store;
        store.Configure([A, B], anyDestination: true);
        var all = Names(store.Pending(A, true, 10));
        store.Record(all[0], B, DeliveryRecordState.Renaming, 1, At);
        Assert.Equal([all[1], all[2]], Names(store.Pending(A, true, 10)));
        store.Record(all[0], B, DeliveryRecordState.Delivered, 1, At.AddSeconds(1), recovered: true);
        Assert.Equal(new HashSet<string> { B }, store.DoneFor(all[0]));
        Assert.Equal(2, store.Undelivered().Count);

        // B leaves the configuration: what it has stays recorded but no longer counts, and its rename holds nothing back.
        store.Configure([A, C], anyDestination: true);
        Assert.Equal(all, Names(store.Pending(A, true, 10)));
        Assert.Equal(3, store.Undelivered().Count);
        Assert.Equal(new HashSet<string> { B }, store.DoneFor(all[0]));
        Assert.Equal([A, C], setup.Status().Delivery!.Destinations.Select(d => d.Destination));
    }

    [SkippableFact]
    public void ConfigureTakesTheLastSuccessFromTheRecordAndSaveStateShowsInStatus()
    {
        using var setup = ThreeFiles();
        var store = setup.Store;
        store.Configure([A, B], anyDestination: false);
        var all = Names(store.Pending(A, false, 10));
        store.Record(all[0], A, DeliveryRecordState.Delivered, 1, At);
        store.Record(all[1], A, DeliveryRecordState.Delivered, 1, At.AddMinutes(1));
        store.Record(all[2], A, DeliveryRecordState.Missing, 1, At.AddMinutes(2));

        // A restart: the running state starts again from the record.
        store.Configure([B, A], anyDestination: false);
        var destinations = setup.Status().Delivery!.Destinations;
        Assert.Equal(
            [
                new CgfDestinationStatus(B, 0, null, 0, false, null, null),
                new CgfDestinationStatus(A, 2, At.AddMinutes(1), 0, false, null, null),
            ],
            destinations);

        store.SaveState(new DestinationState(B, 0, true, 3, null, At.AddMinutes(3), "connection refused"));
        Assert.Equal(new CgfDestinationStatus(B, 0, null, 3, true, At.AddMinutes(3), "connection refused"),
            setup.Status().Delivery!.Destinations[0]);
        var delivery = setup.Status().Delivery!;
        Assert.Equal(3, delivery.UndeliveredFiles);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(store.Pending(B, false, 1)[0].CreatedAtMs), delivery.OldestUndelivered);
    }

    [SkippableFact]
    public void WithNoDestinationConfiguredNothingCountsAsUndelivered()
    {
        using var setup = ThreeFiles();
        Assert.Equal((0L, (DateTimeOffset?)null), setup.Store.Undelivered());
        Assert.Null(setup.Status().Delivery);
    }
}

/// <summary>The scenarios on SQLite: export files recorded by the real exporter.</summary>
public sealed class SqliteDeliveryStoreContractTests : DeliveryStoreContractTests
{
    protected override Setup ThreeFiles()
    {
        var database = new TestDatabase();
        ExportedFiles.Add(database, 30, perFile: 10);
        return new Setup(new DeliveryStore(database.Path), () => CgfStatusReader.Read(database.Path), database);
    }
}

/// <summary>The scenarios on PostgreSQL: export files recorded with plain SQL, as the pool's exporter writes them.</summary>
public sealed class PostgresDeliveryStoreContractTests : DeliveryStoreContractTests
{
    protected override Setup ThreeFiles()
    {
        Skip.If(ReaderTestDatabase.MissingReason is not null, ReaderTestDatabase.MissingReason);
        var database = new ReaderTestDatabase();
        const long Created = 1_790_000_000_000;
        for (var i = 1; i <= 3; i++)
            PostgresReaderRows.ExportFile(database, i, $"cgf-a_-_{i:D10}.20261122_0900+0000", Created + i * 1000);
        return new Setup(new PostgresDeliveryStore(database.ConnectionString), () => PostgresStatusReader.Read(database.ConnectionString, "cgf-a"), database);
    }
}
