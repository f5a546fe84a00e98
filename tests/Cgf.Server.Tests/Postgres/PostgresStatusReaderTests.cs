using Storage.Cgf;
using Storage.Cgf.Delivery;
using Storage.Cgf.PostgreSql;
using static Cgf.Server.Tests.Postgres.PostgresReaderRows;

namespace Cgf.Server.Tests.Postgres;

/// <summary><c>status</c> and monitoring counts of a pool's PostgreSQL database, from rows written by hand.</summary>
public class PostgresStatusReaderTests
{
    private const string NodeA = "cgf-a";
    private const string NodeB = "cgf-b";
    private const string Sgsn = "192.0.2.1";
    // Sorts before Sgsn's neighbour "192.0.2.9" byte by byte, as SQLite orders addresses.
    private const string Ten = "192.0.2.10";
    private const string Nine = "192.0.2.9";
    private const long T0 = 1_790_000_000_000;

    /// <summary>
    /// Two nodes of a pool both served 192.0.2.1 (a row each), node A alone 192.0.2.10 and 192.0.2.9; CDRs of every status,
    /// quarantined records, transfers pending and done, removed counters, one destination configured.
    /// </summary>
    private static ReaderTestDatabase Pool()
    {
        Skip.If(ReaderTestDatabase.MissingReason is not null, ReaderTestDatabase.MissingReason);
        var database = new ReaderTestDatabase();
        database.Execute(
            "INSERT INTO node_state (node_id, key, value) VALUES (@NodeA, 'restart_counter', 7), (@NodeB, 'restart_counter', 3)",
            new { NodeA, NodeB });
        Peer(database, 1, NodeA, Sgsn, T0 + 1000, T0 + 9000);
        Peer(database, 2, NodeB, Sgsn, T0 + 500, T0 + 5000);
        Peer(database, 3, NodeA, Nine, T0 + 2000, T0 + 3000);
        Peer(database, 4, NodeA, Ten, T0 + 4000, T0 + 4000);
        Counter(database, 1, "cdrsCommitted", 5);
        Counter(database, 1, "quarantined", 1);
        Counter(database, 2, "cdrsCommitted", 3);
        Counter(database, 2, "cdrsPending", 2);
        Counter(database, 3, "cdrsCommitted", 1);

        byte[] data = [0x30, 0x00];
        // Received out of id order: the oldest by id is what retention reports (see PostgresStatusReader.ReadRetention).
        Cdr(database, 1, 1, 0, CdrStatus.Exported, T0 + 100, data);
        Cdr(database, 1, 1, 1, CdrStatus.Exported, T0 + 50, data);
        Cdr(database, 1, 2, 0, CdrStatus.Committed, T0 + 200, data);
        Cdr(database, 2, 1, 0, CdrStatus.Committed, T0 + 300, data, possiblyDuplicate: true);
        Cdr(database, 2, 2, 0, CdrStatus.Committed, T0 + 310, data, possiblyDuplicate: true);
        Cdr(database, 2, 3, 0, CdrStatus.Pending, T0 + 400, data);
        Cdr(database, 2, 3, 1, CdrStatus.Pending, T0 + 400, data, possiblyDuplicate: true);
        Cdr(database, 3, 1, 0, CdrStatus.Withheld, T0 + 500, data);
        Quarantined(database, 1, 3, 0, T0 + 600, "not well-formed BER", data);
        Quarantined(database, 2, 4, 0, T0 + 700, "not well-formed BER", data);
        Transfer(database, 1, 1, 1, T0 + 100);
        Transfer(database, 2, 3, 2, T0 + 400);
        Transfer(database, 3, 2, 2, T0 + 450);
        database.Execute("UPDATE pool_state SET value = CASE key WHEN 'cdrs_removed' THEN 10 ELSE 4 END");
        return database;
    }

    [SkippableFact]
    public void StatusCountsThePoolsCdrsAndAggregatesPeersByAddressAcrossNodes()
    {
        using var database = Pool();
        var status = PostgresStatusReader.Read(database.ConnectionString, NodeA);

        Assert.Equal(7, status.RestartCounter);
        Assert.Equal(3, PostgresStatusReader.Read(database.ConnectionString, NodeB).RestartCounter);
        Assert.Equal(0, PostgresStatusReader.Read(database.ConnectionString, "never-started").RestartCounter);
        // Committed as billing sees it: committed (3) and exported (2).
        Assert.Equal(5, status.CommittedCdrs);
        Assert.Equal(2, status.PendingCdrs);
        Assert.Equal(3, status.PossiblyDuplicateCdrs);
        Assert.Equal(2, status.ExportedCdrs);
        Assert.Equal(1, status.WithheldCdrs);
        Assert.Equal(2, status.QuarantinedCdrs);
        Assert.Equal(2, status.PendingPackets);

        Assert.Equal([Sgsn, Ten, Nine], status.Peers.Select(p => p.Address));
        var sgsn = status.Peers[0];
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(T0 + 500), sgsn.FirstSeen);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(T0 + 9000), sgsn.LastSeen);
        Assert.Equal(new Dictionary<string, long> { ["cdrsCommitted"] = 8, ["cdrsPending"] = 2, ["quarantined"] = 1 }, sgsn.Requests);
        Assert.Empty(status.Peers[1].Requests);
        Assert.Equal(new Dictionary<string, long> { ["cdrsCommitted"] = 1 }, status.Peers[2].Requests);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(T0 + 2000), status.Peers[2].FirstSeen);

        Assert.Equal(new Storage.Cgf.Retention.CgfRetentionState(DateTimeOffset.FromUnixTimeMilliseconds(T0 + 100), 10, 4, 0, 0), status.Retention);
        // No destination configured: no delivery part, as on SQLite.
        Assert.Null(status.Delivery);
    }

    [SkippableFact]
    public void StatusShowsEachConfiguredDestinationAndTheFilesNotYetDelivered()
    {
        using var database = Pool();
        ExportFile(database, 1, "f1", T0 + 1000);
        ExportFile(database, 2, "f2", T0 + 2000);
        ExportFile(database, 3, "f3", T0 + 3000);
        using (var store = new PostgresDeliveryStore(database.ConnectionString))
        {
            store.Configure(["cgf@a:22/in", "cgf@b:22/in"], anyDestination: false);
            store.Record("f1", "cgf@a:22/in", DeliveryRecordState.Delivered, 1000, DateTimeOffset.FromUnixTimeMilliseconds(T0 + 5000));
            store.Record("f1", "cgf@b:22/in", DeliveryRecordState.Delivered, 1000, DateTimeOffset.FromUnixTimeMilliseconds(T0 + 5100));
            store.Record("f2", "cgf@a:22/in", DeliveryRecordState.Delivered, 1000, DateTimeOffset.FromUnixTimeMilliseconds(T0 + 6000));
            store.SaveState(new DestinationState("cgf@b:22/in", 1, true, 2, DateTimeOffset.FromUnixTimeMilliseconds(T0 + 5100),
                DateTimeOffset.FromUnixTimeMilliseconds(T0 + 7000), "connection refused"));
        }

        var delivery = PostgresStatusReader.Read(database.ConnectionString, NodeA).Delivery;
        Assert.NotNull(delivery);
        Assert.Equal(
            [
                new CgfDestinationStatus("cgf@a:22/in", 2, null, 0, false, null, null),
                new CgfDestinationStatus("cgf@b:22/in", 1, DateTimeOffset.FromUnixTimeMilliseconds(T0 + 5100), 2, true,
                    DateTimeOffset.FromUnixTimeMilliseconds(T0 + 7000), "connection refused"),
            ],
            delivery.Destinations);
        Assert.Equal(2, delivery.UndeliveredFiles);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(T0 + 2000), delivery.OldestUndelivered);
    }

    [SkippableFact]
    public void ActivityCountsPendingWorkAndPossiblyDuplicateCdrsAwaitingExport()
    {
        using var database = Pool();
        var activity = PostgresStatusReader.ReadActivity(database.ConnectionString);

        Assert.Equal(2, activity.PendingCdrs);
        Assert.Equal(2, activity.PendingPackets);
        // Committed and possibly duplicate; not the pending one that is possibly duplicate too.
        Assert.Equal(2, activity.PossiblyDuplicateCdrsAwaitingExport);
        Assert.Equal([Sgsn, Ten, Nine], activity.Peers.Select(p => p.Address));
        Assert.Equal(8, activity.Peers[0].Requests["cdrsCommitted"]);
        Assert.Equal(10, activity.Retention!.CdrsRemoved);
        Assert.Equal(4, activity.Retention.QuarantineRemoved);
    }

    [SkippableFact]
    public void AnEmptyPoolReadsAsZeros()
    {
        Skip.If(ReaderTestDatabase.MissingReason is not null, ReaderTestDatabase.MissingReason);
        using var database = new ReaderTestDatabase();
        var status = PostgresStatusReader.Read(database.ConnectionString, NodeA);
        Assert.Equal((0, 0L, 0L, 0L, 0L), (status.RestartCounter, status.CommittedCdrs, status.PendingCdrs, status.QuarantinedCdrs, status.PendingPackets));
        Assert.Empty(status.Peers);
        Assert.Equal(new Storage.Cgf.Retention.CgfRetentionState(null, 0, 0, 0, 0), status.Retention);
        var activity = PostgresStatusReader.ReadActivity(database.ConnectionString);
        Assert.Equal((0L, 0L, 0L), (activity.PendingCdrs, activity.PendingPackets, activity.PossiblyDuplicateCdrsAwaitingExport));
    }
}
