using Cgf.Server.Tests.Delivery.Infrastructure;
using Cgf.Server.Tests.Export.Infrastructure;
using Storage.Cgf;
using Storage.Cgf.Delivery;

namespace Cgf.Server.Tests.Delivery;

/// <summary>What each destination still lacks, on a real database with recorded export files.</summary>
public class DeliveryStoreTests
{
    private const string A = "cgf@a:22/in";
    private const string B = "cgf@b:22/in";

    private static string[] Names(IReadOnlyList<PendingDelivery> pending) => pending.Select(p => p.Name).ToArray();

    [Fact]
    public void FailoverNeverOffersAnotherDestinationAFileThatOneHasOrIsRenaming()
    {
        using var database = new TestDatabase();
        ExportedFiles.Add(database, 30, perFile: 10);
        using var store = new DeliveryStore(database.Path);
        store.Configure([A, B], anyDestination: true);
        var all = Names(store.Pending(A, true, 10));
        Assert.Equal(3, all.Length);

        store.Record(all[0], A, DeliveryRecordState.Renaming, 1, DateTimeOffset.UtcNow);
        store.Record(all[1], A, DeliveryRecordState.Delivered, 1, DateTimeOffset.UtcNow);
        Assert.Equal([all[2]], Names(store.Pending(B, true, 10)));
        var forA = store.Pending(A, true, 10);
        Assert.Equal([all[0], all[2]], Names(forA));
        Assert.Equal(DeliveryRecordState.Renaming, forA[0].State);
        Assert.Equal(DeliveryRecordState.None, forA[1].State);
        Assert.Equal(2, store.Undelivered().Count);
        Assert.Equal(2, CgfStatusReader.Read(database.Path).Delivery!.UndeliveredFiles);
    }

    [Fact]
    public void AllOffersEveryDestinationEveryFileAndCountsAFileUndeliveredUntilAllHaveIt()
    {
        using var database = new TestDatabase();
        ExportedFiles.Add(database, 20, perFile: 10);
        using var store = new DeliveryStore(database.Path);
        store.Configure([A, B], anyDestination: false);
        var all = Names(store.Pending(A, false, 10));
        store.Record(all[0], A, DeliveryRecordState.Delivered, 1, DateTimeOffset.UtcNow);
        store.Record(all[1], A, DeliveryRecordState.Missing, 1, DateTimeOffset.UtcNow);
        Assert.Empty(store.Pending(A, false, 10));
        Assert.Equal(all, Names(store.Pending(B, false, 10)));
        Assert.Equal(2, store.Undelivered().Count);
        store.Record(all[0], B, DeliveryRecordState.Delivered, 1, DateTimeOffset.UtcNow);
        Assert.Equal(1, store.Undelivered().Count);
        Assert.Equal(new HashSet<string> { A, B }, store.DoneFor(all[0]));
    }
}
