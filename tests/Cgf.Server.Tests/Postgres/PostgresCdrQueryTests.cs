using Dapper;
using Npgsql;
using Storage.Cgf;
using Storage.Cgf.PostgreSql;
using static Cgf.Server.Tests.Postgres.PostgresReaderRows;

namespace Cgf.Server.Tests.Postgres;

/// <summary>The <c>cdrs</c> lookups on PostgreSQL: the decoded columns select, the record itself is what is shown.</summary>
public class PostgresCdrQueryTests
{
    private const string ImsiA = "262010000000001";
    private const string ImsiB = "262010000000002";
    private const string ImsiC = "262010000000003";
    // servedIMSI, servedMSISDN +46701234567, rATType EUTRAN: as in CdrsCommandTests, written by hand.
    private const string MsisdnImsi = "001010123456789";
    private const string SgwWithMsisdn = "BF4E19" + "800154" + "830800010121436587F9" + "9607916407214365F7" + "9E0106";
    private const int SgwRecord = 84;
    private const long T0 = 1_790_000_000_000;
    private static readonly DateTimeOffset Opened = new(2026, 11, 22, 6, 0, 0, TimeSpan.Zero);

    /// <summary>Row ids in insertion order, for the expectations.</summary>
    private sealed record Rows(long[] Ids, long[] Quarantine);

    private static (ReaderTestDatabase Database, Rows Rows) Filled()
    {
        Skip.If(ReaderTestDatabase.MissingReason is not null, ReaderTestDatabase.MissingReason);
        var database = new ReaderTestDatabase();
        Peer(database, 1, "cgf-a", "192.0.2.1", T0, T0);
        Peer(database, 2, "cgf-b", "192.0.2.1", T0, T0);
        Peer(database, 3, "cgf-b", "192.0.2.7", T0, T0);

        long Sgw(int peer, int seq, CdrStatus status, string imsi, long chargingId, int hours, bool possiblyDuplicate = false) =>
            Cdr(database, peer, seq, 0, status, T0 + seq, TestCdrs.Sgw(imsi, chargingId, seq, Opened.AddHours(hours), 1000, 2000),
                imsi, chargingId, Opened.AddHours(hours), SgwRecord, possiblyDuplicate);

        var ids = new[]
        {
            Sgw(1, 1, CdrStatus.Committed, ImsiA, 100, 0),
            Sgw(1, 2, CdrStatus.Exported, ImsiB, 101, 1),
            Sgw(2, 3, CdrStatus.Pending, ImsiA, 102, 2, possiblyDuplicate: true),
            Sgw(3, 4, CdrStatus.Committed, ImsiA, 100, 3, possiblyDuplicate: true),
            // A PER record: nothing decoded at ingest, nothing a lookup finds.
            Cdr(database, 1, 5, 0, CdrStatus.Committed, T0 + 5, [0x01, 0x02, 0x03],
                recordFormat: TestCdrs.Rel17RecordFormat & 0x00FF_FFFF | 2 << 24),
            Sgw(2, 6, CdrStatus.Withheld, ImsiC, 103, 1),
            Cdr(database, 2, 7, 1, CdrStatus.Committed, T0 + 7, Convert.FromHexString(SgwWithMsisdn), MsisdnImsi, recordType: SgwRecord),
        };
        var quarantine = new[]
        {
            Quarantined(database, 1, 8, 0, T0 + 8, "not well-formed BER", [0xFF]),
            Quarantined(database, 3, 9, 2, T0 + 9000, "truncated", [0xFF, 0xFE]),
        };
        return (database, new Rows(ids, quarantine));
    }

    private static long[] Ids(ReaderTestDatabase database, CdrQueryFilter filter) =>
        PostgresCdrQuery.Find(database.ConnectionString, filter).Select(c => c.Id).ToArray();

    [SkippableFact]
    public void FindsByImsiChargingIdStatusAndOpeningTimeInIdOrder()
    {
        var (database, rows) = Filled();
        using var _ = database;
        var id = rows.Ids;

        Assert.Equal([id[0], id[2], id[3]], Ids(database, new CdrQueryFilter(ServedImsi: ImsiA)));
        Assert.Equal([id[0], id[3]], Ids(database, new CdrQueryFilter(ChargingId: 100)));
        Assert.Equal([id[3]], Ids(database, new CdrQueryFilter(ServedImsi: ImsiA, ChargingId: 100, Status: CdrStatus.Committed, From: Opened.AddHours(1))));
        // [From, To): the opening time at To is out, at From in; the PER record and the one without an opening time never match.
        Assert.Equal([id[1], id[2], id[5]], Ids(database, new CdrQueryFilter(From: Opened.AddHours(1), To: Opened.AddHours(3))));
        Assert.Equal([id[0]], Ids(database, new CdrQueryFilter(To: Opened.AddHours(1))));
        Assert.Equal([id[0], id[3], id[4], id[6]], Ids(database, new CdrQueryFilter(Status: CdrStatus.Committed)));
        Assert.Equal([id[5]], Ids(database, new CdrQueryFilter(Status: CdrStatus.Withheld)));
        Assert.Equal(id, Ids(database, new CdrQueryFilter()));
        Assert.Empty(Ids(database, new CdrQueryFilter(ServedImsi: "262019999999999")));
    }

    [SkippableFact]
    public void StopsAtTheLimit()
    {
        var (database, rows) = Filled();
        using var _ = database;
        Assert.Equal(rows.Ids[..3], Ids(database, new CdrQueryFilter(Limit: 3)));
        Assert.Equal([rows.Ids[0], rows.Ids[2]], Ids(database, new CdrQueryFilter(ServedImsi: ImsiA, Limit: 2)));
        Assert.Equal([rows.Quarantine[0]], PostgresCdrQuery.Find(database.ConnectionString, new CdrQueryFilter(Quarantined: true, Limit: 1)).Select(c => c.Id));
    }

    [SkippableFact]
    public void ShowsTheFieldsDecodedFromTheRecord()
    {
        var (database, rows) = Filled();
        using var _ = database;

        var found = PostgresCdrQuery.Find(database.ConnectionString, new CdrQueryFilter(ChargingId: 102));
        var expected = new StoredCdr(rows.Ids[2], "pending", true, "192.0.2.1", 3, 0, DateTimeOffset.FromUnixTimeMilliseconds(T0 + 3),
            SgwRecord, ImsiA, 102, 3, Opened.AddHours(2), TestCdrs.Sgw(ImsiA, 102, 3, Opened.AddHours(2), 1000, 2000).Length, null);
        Assert.Equal([expected], found);

        var withMsisdn = Assert.Single(PostgresCdrQuery.Find(database.ConnectionString, new CdrQueryFilter(ServedImsi: MsisdnImsi)));
        Assert.Equal(("committed", 7, 1, "46701234567", 6, (long?)null), (withMsisdn.Status, withMsisdn.SequenceNumber, withMsisdn.RecordIndex,
            withMsisdn.ServedMsisdn, withMsisdn.RatType, withMsisdn.ChargingId));

        var per = PostgresCdrQuery.Find(database.ConnectionString, new CdrQueryFilter(Status: CdrStatus.Committed))[2];
        Assert.Equal((rows.Ids[4], (int?)null, (string?)null, 3), (per.Id, per.RecordType, per.ServedImsi, per.Length));
    }

    [SkippableFact]
    public void ListsQuarantinedRecordsByReceiveTime()
    {
        var (database, rows) = Filled();
        using var _ = database;

        var all = PostgresCdrQuery.Find(database.ConnectionString, new CdrQueryFilter(Quarantined: true));
        Assert.Equal(
            [
                new StoredCdr(rows.Quarantine[0], "quarantined", false, "192.0.2.1", 8, 0, DateTimeOffset.FromUnixTimeMilliseconds(T0 + 8),
                    null, null, null, null, null, 1, "not well-formed BER"),
                new StoredCdr(rows.Quarantine[1], "quarantined", false, "192.0.2.7", 9, 2, DateTimeOffset.FromUnixTimeMilliseconds(T0 + 9000),
                    null, null, null, null, null, 2, "truncated"),
            ],
            all);
        var from = DateTimeOffset.FromUnixTimeMilliseconds(T0 + 9000);
        Assert.Equal([rows.Quarantine[1]], PostgresCdrQuery.Find(database.ConnectionString, new CdrQueryFilter(Quarantined: true, From: from)).Select(c => c.Id));
        Assert.Equal([rows.Quarantine[0]], PostgresCdrQuery.Find(database.ConnectionString, new CdrQueryFilter(Quarantined: true, To: from)).Select(c => c.Id));
        // The record fields do not apply to quarantined records (as CdrQuery): only the time range does.
        Assert.Equal(2, PostgresCdrQuery.Find(database.ConnectionString, new CdrQueryFilter(ServedImsi: ImsiA, Quarantined: true)).Count);
    }

    [SkippableFact]
    public void ALookupReadsThroughIndexesNotEveryCdrKept()
    {
        Skip.If(ReaderTestDatabase.MissingReason is not null, ReaderTestDatabase.MissingReason);
        using var database = new ReaderTestDatabase();
        Peer(database, 1, "cgf-a", "192.0.2.1", T0, T0);
        // 20,000 exported CDRs, one subscriber each, and an export backlog of 20 committed ones; IMSI 262010000012345 has one of each.
        database.Execute(
            "INSERT INTO cdrs (peer_id, seq, record_index, status, received_at, committed_at, record_format, data, served_imsi, charging_id) " +
            "SELECT 1, n, 0, CASE WHEN n > 20000 THEN 1 ELSE 2 END, @t, @t, @format, '\\x3000'::bytea, CASE WHEN n = 20001 THEN 262010000012345 ELSE 262010000000000 + n END::text, n " +
            "FROM generate_series(1, 20020) n ORDER BY n; ANALYZE cdrs",
            new { t = T0, format = TestCdrs.Rel17RecordFormat });
        var unpooled = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Pooling = false }.ConnectionString;
        using var stats = new NpgsqlConnection(database.ConnectionString);
        stats.Open();
        (long IndexScans, long SeqRead, long IndexFetched) Read() => stats.QuerySingle<(long, long, long)>(
            "SELECT idx_scan, seq_tup_read, idx_tup_fetch FROM pg_stat_user_tables WHERE relname = 'cdrs'");
        var before = Read();

        var found = PostgresCdrQuery.Find(unpooled, new CdrQueryFilter(ServedImsi: "262010000012345")).Select(c => (c.SequenceNumber, c.Status));

        Assert.Equal([(12345, "exported"), (20001, "committed")], found);
        // The query's server process flushes its counts as it exits (no pooling): wait for them.
        var after = before;
        for (var wait = 0; wait < 100 && after.IndexScans == before.IndexScans; wait++)
        {
            Thread.Sleep(50);
            after = Read();
        }
        Assert.True(after.IndexScans > before.IndexScans, "the lookup used no index");
        Assert.Equal(before.SeqRead, after.SeqRead);
        Assert.InRange(after.IndexFetched - before.IndexFetched, 2, 100);
    }
}
