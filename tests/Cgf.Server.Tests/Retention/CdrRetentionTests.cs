using Cgf.Server.Export;
using Cgf.Server.Tests.Export.Infrastructure;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Storage;
using Storage.Cgf;
using Storage.Cgf.Ledger;
using Storage.Cgf.Retention;

namespace Cgf.Server.Tests.Retention;

/// <summary>Retention on a real database filled by the real writer and exported by the real exporter.</summary>
public class CdrRetentionTests
{
    private static readonly DateTimeOffset Base = new(2026, 11, 22, 6, 0, 0, TimeSpan.Zero);
    private const string SharedImsi = "262010000000003";
    private static readonly TimeSpan Keep = TimeSpan.FromHours(1);

    /// <summary>A time at which everything stored so far is older than <see cref="Keep"/>.</summary>
    private static long Later => DateTimeOffset.UtcNow.Add(Keep).AddMinutes(1).ToUnixTimeMilliseconds();

    private static byte[] Cdr(int i) => TestCdrs.Sgw(i % 3 == 0 ? SharedImsi : $"26201{i:D10}", 700 + i, i, Base.AddMinutes(i), i, i);

    private static int ExportAll(TestDatabase database)
    {
        using var exporter = new CdrExporter(Exports.Settings(database), NullLogger.Instance);
        return exporter.ExportAll().Sum(f => f.CdrCount);
    }

    /// <summary>Chunks until nothing is due; the totals.</summary>
    private static RetentionStep RemoveAll(TestDatabase database, long nowMs, int chunk = 4)
    {
        using var connection = CgfDatabase.Open(database.Path);
        var retention = new CdrRetention(connection, Keep, chunk);
        var total = new RetentionStep();
        for (var step = retention.RemoveNext(nowMs); step.RemovedAny; step = retention.RemoveNext(nowMs))
            total = new RetentionStep(total.Cdrs + step.Cdrs, total.IndexEntries + step.IndexEntries, total.Quarantined + step.Quarantined);
        return total;
    }

    private static List<long> Ids(TestDatabase database, string sql)
    {
        using var connection = SqliteDatabase.OpenReadOnly(database.Path);
        return connection.Query<long>(sql).ToList();
    }

    [Fact]
    public void ExportedCdrsOlderThanRetentionLeaveButTheRowWithTheHighestIdStaysSoNewCdrsAreStillExported()
    {
        using var database = new TestDatabase();
        database.Ingest(Enumerable.Range(0, 10).Select(Cdr));
        Assert.Equal(10, ExportAll(database));

        Assert.Equal(0, RemoveAll(database, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()).Cdrs); // not old enough yet
        Assert.Equal(9, RemoveAll(database, Later).Cdrs);
        Assert.Equal([10L], Ids(database, "SELECT id FROM cdrs"));

        // SQLite gives the next row max(rowid) + 1 = 11, above export_cursor (10): export takes it. Had row 10 gone,
        // the new CDR would get id 1, at or below the cursor, and never be exported.
        database.Ingest([Cdr(10)], firstSequence: 50);
        Assert.Equal([10L, 11], Ids(database, "SELECT id FROM cdrs"));
        Assert.Equal(1, ExportAll(database));
        Assert.Equal(0, ExportAll(database));
    }

    [Fact]
    public void TheHighestRowThatIsNotPendingStaysSinceAPendingRowAboveItMayBeCancelled()
    {
        using var database = new TestDatabase();
        database.Ingest(Enumerable.Range(0, 6).Select(Cdr));
        Assert.Equal(6, ExportAll(database));
        database.Ingest([Cdr(6)], TransferKind.SendPossiblyDuplicated, firstSequence: 30); // pending, id 7

        Assert.Equal(5, RemoveAll(database, Later).Cdrs);
        // Cancel deletes the pending row (the writer's statement); row 6 still holds the ids below it.
        using (var connection = CgfDatabase.Open(database.Path))
            Assert.Equal(1, connection.Execute("DELETE FROM cdrs WHERE peer_id = 1 AND seq = 30 AND status = 0"));
        database.Ingest([Cdr(7)], firstSequence: 40);
        Assert.Equal([6L, 7], Ids(database, "SELECT id FROM cdrs ORDER BY id"));
        Assert.Equal(1, ExportAll(database));
    }

    [Fact]
    public void ACdrNotYetExportedIsKeptWhateverItsAgeAndSoIsEverythingAfterIt()
    {
        using var database = new TestDatabase();
        database.Ingest(Enumerable.Range(0, 6).Select(Cdr));
        Assert.Equal(6, ExportAll(database));
        database.Ingest(Enumerable.Range(6, 4).Select(Cdr), firstSequence: 20);

        Assert.Equal(6, RemoveAll(database, Later).Cdrs);
        Assert.Equal([7L, 8, 9, 10], Ids(database, "SELECT id FROM cdrs ORDER BY id"));
        Assert.Equal([1L, 1, 1, 1], Ids(database, "SELECT status FROM cdrs ORDER BY id"));
        Assert.Equal(0, RemoveAll(database, Later + (long)TimeSpan.FromDays(365).TotalMilliseconds).Cdrs);
        Assert.Equal(4, ExportAll(database));
    }

    [Fact]
    public void AWithheldCdrStaysButDoesNotStopRetentionOfTheExportedOnesAroundIt()
    {
        using var database = new TestDatabase();
        database.Ingest(Enumerable.Range(0, 6).Select(Cdr));
        // Row 2 as a database from before ingest refused odd formats holds it: a format no CDR file may carry (9).
        using (var connection = CgfDatabase.Open(database.Path))
            connection.Execute("UPDATE cdrs SET record_format = 9 WHERE id = 2");
        Assert.Equal(5, ExportAll(database));
        Assert.Equal([3L], Ids(database, "SELECT status FROM cdrs WHERE id = 2")); // withheld by the exporter

        Assert.Equal(4, RemoveAll(database, Later).Cdrs);
        Assert.Equal([2L, 6], Ids(database, "SELECT id FROM cdrs ORDER BY id"));
    }

    [Fact]
    public void LookupEntriesGoWithTheirSegmentAndQueriesStillAnswerForTheCdrsKept()
    {
        using var database = new TestDatabase();
        database.Ingest(Enumerable.Range(0, 12).Select(Cdr));
        Assert.Equal(12, ExportAll(database));
        database.Ingest(Enumerable.Range(12, 8).Select(Cdr), firstSequence: 100);
        // A zero span opens a segment per chunk: ids 1-5, 6-10, 11-15, 16-20 in segments 1-4 (0 is the upgrade's).
        using (var indexer = new CdrIndexer(database.Path, TimeSpan.Zero))
            while (indexer.IndexNext(5) > 0)
            {
            }
        Assert.Equal([0L, 1, 6, 11, 16], Ids(database, "SELECT first_id FROM cdr_segments ORDER BY segment"));

        var removed = RemoveAll(database, Later, chunk: 3);

        // CDRs 1-12 are exported and old; 13 is the first kept, in segment 3: segments 0-2 (ids 1-10) are dropped and
        // the entries of 11 and 12 wait for segment 3 to go (harmless: queries join cdrs).
        Assert.Equal(12, removed.Cdrs);
        Assert.Equal(30, removed.IndexEntries); // ids 1-10, one entry in each of the three tables
        Assert.Equal([3L, 4], Ids(database, "SELECT segment FROM cdr_segments ORDER BY segment"));
        Assert.Equal(Enumerable.Range(11, 10).Select(i => (long)i), Ids(database, "SELECT cdr_id FROM cdr_index_charging_id ORDER BY cdr_id"));
        Assert.Equal([13L, 16, 19], CdrQuery.Find(database.Path, new CdrQueryFilter(ServedImsi: SharedImsi)).Select(c => c.Id));
        Assert.Empty(CdrQuery.Find(database.Path, new CdrQueryFilter(ChargingId: 701)));
        Assert.Empty(CdrQuery.Find(database.Path, new CdrQueryFilter(ChargingId: 710))); // entry kept, CDR gone
        Assert.Equal([18L], CdrQuery.Find(database.Path, new CdrQueryFilter(ChargingId: 717)).Select(c => c.Id));
        Assert.Equal([13L, 14], CdrQuery.Find(database.Path, new CdrQueryFilter(From: Base, To: Base.AddMinutes(14))).Select(c => c.Id));
    }

    [Fact]
    public void QuarantinedRecordsOlderThanRetentionLeaveByAgeAlone()
    {
        using var database = new TestDatabase();
        database.Ingest([Cdr(0)]);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        using (var connection = CgfDatabase.Open(database.Path))
        {
            foreach (var receivedAt in new[] { now - 3 * Keep.TotalMilliseconds, now - 2 * Keep.TotalMilliseconds, now, now - 3 * Keep.TotalMilliseconds })
                connection.Execute("INSERT INTO quarantine (peer_id, seq, record_index, received_at, reason, record_format, data) " +
                    "VALUES (1, 1, 0, $receivedAt, 'not BER', 1, x'00')", new { receivedAt = (long)receivedAt });
        }

        var removed = RemoveAll(database, now);

        Assert.Equal((0, 2), (removed.Cdrs, removed.Quarantined));
        Assert.Equal([3L, 4], Ids(database, "SELECT id FROM quarantine ORDER BY id"));
        using var read = SqliteDatabase.OpenReadOnly(database.Path);
        var state = CgfRetentionState.Read(read);
        Assert.Equal((0L, 2L), (state.CdrsRemoved, state.QuarantineRemoved));
    }

    [Fact]
    public void AVersion4DatabaseIsUpgradedWithItsLookupEntriesInSegmentZeroWhichRetentionDropsLater()
    {
        using var database = new TestDatabase();
        using (var connection = SqliteDatabase.OpenReadWrite(database.Path))
            SchemaMigrator.Migrate(connection, CgfSchema.Migrations.Take(4).ToList(), "test");
        database.Ingest(Enumerable.Range(0, 6).Select(Cdr)); // the writer opening it upgrades it: back to v4 by hand below
        using (var connection = SqliteDatabase.OpenReadWrite(database.Path))
        {
            // The v4 tables as a v4 indexer left them: (key, cdr_id), no segment.
            connection.Execute(
                """
                DROP TABLE cdr_segments; DROP TABLE cdr_index_imsi; DROP TABLE cdr_index_charging_id; DROP TABLE cdr_index_opening_time;
                DELETE FROM node_state WHERE key IN ('cdrs_removed', 'quarantine_removed');
                CREATE TABLE cdr_index_imsi (served_imsi TEXT NOT NULL, cdr_id INTEGER NOT NULL, PRIMARY KEY (served_imsi, cdr_id)) WITHOUT ROWID;
                CREATE TABLE cdr_index_charging_id (charging_id INTEGER NOT NULL, cdr_id INTEGER NOT NULL, PRIMARY KEY (charging_id, cdr_id)) WITHOUT ROWID;
                CREATE TABLE cdr_index_opening_time (record_opening_time INTEGER NOT NULL, cdr_id INTEGER NOT NULL, PRIMARY KEY (record_opening_time, cdr_id)) WITHOUT ROWID;
                INSERT INTO cdr_index_imsi VALUES ('262010000000003', 1), ('262010000000003', 4), ('262010000000001', 2);
                INSERT INTO cdr_index_charging_id VALUES (700, 1), (701, 2), (702, 3), (703, 4);
                INSERT INTO cdr_index_opening_time VALUES (1795845600000, 1);
                UPDATE cdr_index_state SET value = 4 WHERE key = 'indexed_through_id';
                PRAGMA user_version = 4;
                """);
        }

        using (CgfDatabase.Open(database.Path))
        {
        }

        Assert.Equal([(long)CgfSchema.Migrations.Count], Ids(database, "SELECT user_version FROM pragma_user_version"));
        Assert.Equal([0L, 0, 0, 0], Ids(database, "SELECT segment FROM cdr_index_charging_id"));
        Assert.Equal([1L, 4], CdrQuery.Find(database.Path, new CdrQueryFilter(ServedImsi: SharedImsi)).Select(c => c.Id));
        Assert.Equal([2L], CdrQuery.Find(database.Path, new CdrQueryFilter(ChargingId: 701)).Select(c => c.Id));

        // Indexing on from the mark (a zero span: a new segment now) opens segment 1 at id 5; once CDRs 1-4 are gone so is segment 0.
        using (var indexer = new CdrIndexer(database.Path, TimeSpan.Zero))
            while (indexer.IndexNext() > 0)
            {
            }
        Assert.Equal(6, ExportAll(database));
        Assert.Equal(5, RemoveAll(database, Later).Cdrs);
        Assert.Equal([1L], Ids(database, "SELECT segment FROM cdr_segments"));
        Assert.Empty(Ids(database, "SELECT cdr_id FROM cdr_index_charging_id WHERE segment = 0"));
        Assert.Empty(CdrQuery.Find(database.Path, new CdrQueryFilter(ServedImsi: SharedImsi)));
        Assert.Equal([6L], CdrQuery.Find(database.Path, new CdrQueryFilter(ChargingId: 705)).Select(c => c.Id));
    }
}
