using Cgf.Export.Tests.Infrastructure;
using Cgf.Server.Commands;
using Cgf.Server.Export;
using Storage.Cgf;
using System.Text.Json;

namespace Cgf.Export.Tests;

public class CdrsCommandTests
{
    private static readonly DateTimeOffset Base = new(2026, 11, 22, 6, 0, 0, TimeSpan.Zero);

    private static TestDatabase Filled()
    {
        var database = new TestDatabase();
        database.Ingest(Enumerable.Range(0, 30).Select(i =>
            TestCdrs.Sgw(i % 3 == 0 ? "262010000000003" : $"26201{i:D10}", 500 + i, i, Base.AddMinutes(i), i, i)));
        database.Ingest([[0x30, 0x03, 0x02, 0x01, 0x07]], firstSequence: 900); // not a GPRSRecord: stored, not indexed
        return database;
    }

    [Fact]
    public void FindsByImsiChargingIdAndOpeningTime()
    {
        using var database = Filled();
        Assert.Equal([0L, 3, 6, 9, 12, 15, 18, 21, 24, 27],
            CdrQuery.Find(database.Path, new CdrQueryFilter(ServedImsi: "262010000000003")).Select(c => c.LocalSequenceNumber!.Value));
        var byChargingId = Assert.Single(CdrQuery.Find(database.Path, new CdrQueryFilter(ChargingId: 517)));
        Assert.Equal("262010000000017", byChargingId.ServedImsi);
        Assert.Equal(84, byChargingId.RecordType);
        Assert.Equal(Base.AddMinutes(17), byChargingId.RecordOpeningTime);
        Assert.Equal([10L, 11, 12, 13, 14],
            CdrQuery.Find(database.Path, new CdrQueryFilter(From: Base.AddMinutes(10), To: Base.AddMinutes(15))).Select(c => c.LocalSequenceNumber!.Value));
        Assert.Equal(31, CdrQuery.Find(database.Path, new CdrQueryFilter(Status: CdrStatus.Committed)).Count);
        Assert.Equal(5, CdrQuery.Find(database.Path, new CdrQueryFilter(Limit: 5)).Count);
        var unindexed = CdrQuery.Find(database.Path, new CdrQueryFilter()).Last();
        Assert.Null(unindexed.RecordType);
        Assert.Null(unindexed.ServedImsi);
    }

    [Theory]
    [InlineData(7)]
    [InlineData(CdrIndexer.DefaultChunk)]
    public void AnswersAreTheSameBeforeDuringAndAfterIndexing(int chunk)
    {
        using var database = Filled();
        CdrQueryFilter[] filters =
        [
            new(ServedImsi: "262010000000003"), new(ChargingId: 517), new(From: Base.AddMinutes(10), To: Base.AddMinutes(15)),
            new(ServedImsi: "262010000000003", From: Base.AddMinutes(4)),
        ];
        string Answers() => string.Join(";", filters.Select(f => string.Join(",", CdrQuery.Find(database.Path, f).Select(c => c.Id))));
        var expected = Answers();
        Assert.Equal("1,4,7,10,13,16,19,22,25,28;18;11,12,13,14,15;7,10,13,16,19,22,25,28", expected);
        using var indexer = new CdrIndexer(database.Path);
        while (indexer.IndexNext(chunk) > 0)
            Assert.Equal(expected, Answers());
        Assert.Equal(expected, Answers());
    }

    [Fact]
    public void TheWriterFillsTheLookupTablesWhenNothingIsQueued()
    {
        using var database = new TestDatabase();
        using var writer = new CgfWriter(new CgfWriterOptions { Path = database.Path, IndexChunk = 1000 }, new NullObserver());
        for (var request = 0; request < 50; request++)
        {
            writer.TryEnqueue(new TransferRequest
            {
                Peer = "192.0.2.1", SequenceNumber = (ushort)request, Kind = TransferKind.Send, ContentHash = (UInt128)request + 1,
                RecordFormat = TestCdrs.Rel17RecordFormat,
                Records = Enumerable.Range(request * 50, 50).Select(i => TestCdrs.Sgw($"26201{i:D10}", i, i))
                    .Select(r => new IncomingRecord(r, true, Summary: Charging.Cdr.CdrSummaryReader.Read(r))).ToArray(),
            });
        }
        // Once the queue is drained the writer indexes 1,000 CDRs at a time until it has caught up.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        (long Mark, long Max, long Entries) state = default;
        while (DateTime.UtcNow < deadline)
        {
            using var connection = Storage.SqliteDatabase.OpenReadOnly(database.Path);
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT (SELECT value FROM cdr_index_state), (SELECT COALESCE(MAX(id), -1) FROM cdrs), (SELECT COUNT(*) FROM cdr_index_imsi)";
            using var reader = command.ExecuteReader();
            reader.Read();
            state = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
            if (state.Mark == state.Max)
                break;
            Thread.Sleep(50);
        }
        Assert.Equal((2500L, 2500L, 2500L), state);
    }

    [Fact]
    public void TheIndexMarkNeverRestsOnAPendingCdr()
    {
        using var database = new TestDatabase();
        database.Ingest([TestCdrs.Sgw("262010000000001", 1, 1)]);
        database.Ingest([TestCdrs.Sgw("262010000000002", 2, 2)], TransferKind.SendPossiblyDuplicated, firstSequence: 50);
        using var indexer = new CdrIndexer(database.Path);
        Assert.Equal(1, indexer.IndexNext());
        Assert.Equal(0, indexer.IndexNext()); // the pending CDR (which a Cancel may delete) stays after the mark
        Assert.Single(CdrQuery.Find(database.Path, new CdrQueryFilter(ServedImsi: "262010000000002")));
    }

    [Fact]
    public void ExportedCdrsAreFoundByStatus()
    {
        using var database = Filled();
        using (var exporter = new CdrExporter(Exports.Settings(database, maxCdrs: 10), _ => { }))
            exporter.ExportFile(false, _ => null);
        Assert.Equal(10, CdrQuery.Find(database.Path, new CdrQueryFilter(Status: CdrStatus.Exported)).Count);
        Assert.Equal(21, CdrQuery.Find(database.Path, new CdrQueryFilter(Status: CdrStatus.Committed)).Count);
    }

    [Fact]
    public void CommandPrintsJsonAndRejectsBadFiltersInOneLine()
    {
        using var database = Filled();
        var result = CgfProcess.Run(null, "cdrs", "--imsi", "262010000000003", "--from", "2026-11-22T06:05:00Z", "--json",
            $"--Cgf:Storage:Path={database.Path}");
        Assert.True(result.ExitCode == 0, result.Stderr);
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.Equal([6L, 9, 12, 15, 18, 21, 24, 27], json.RootElement.EnumerateArray().Select(c => c.GetProperty("localSequenceNumber").GetInt64()));
        Assert.All(json.RootElement.EnumerateArray(), c => Assert.Equal("committed", c.GetProperty("status").GetString()));

        var bad = CgfProcess.Run(null, "cdrs", "--status", "billed", $"--Cgf:Storage:Path={database.Path}");
        Assert.Equal(2, bad.ExitCode);
        Assert.Equal("Cgf.Server cdrs: --status 'billed' is not committed, pending, exported or quarantined", bad.Stderr.Trim());
    }

    [Fact]
    public void QuarantinedRecordsAreListedWithTheirReason()
    {
        using var database = new TestDatabase();
        using (var writer = new CgfWriter(new CgfWriterOptions { Path = database.Path }, new NullObserver()))
        {
            writer.TryEnqueue(new TransferRequest
            {
                Peer = "192.0.2.7", SequenceNumber = 1, Kind = TransferKind.Send, RecordFormat = TestCdrs.Rel17RecordFormat,
                Records = [new IncomingRecord([0xBF, 0x4E, 0x05], false, "not well-formed BER at record offset 0")],
            });
        }
        var row = Assert.Single(CdrQuery.Find(database.Path, new CdrQueryFilter(Quarantined: true)));
        Assert.Equal("quarantined", row.Status);
        Assert.Equal("192.0.2.7", row.Peer);
        Assert.Contains("offset 0", row.Problem);
    }

    [Theory]
    [InlineData("--imsi", "12ab", "--imsi '12ab' is not 1-16 digits")]
    [InlineData("--charging-id", "4294967296", "--charging-id '4294967296' is not in 0-4294967295")]
    [InlineData("--from", "yesterday", "--from 'yesterday' is not a date and time (e.g. 2026-11-22T08:00:00Z)")]
    [InlineData("--limit", "0", "--limit '0' is not a positive number")]
    public void BadFiltersAreNamed(string option, string value, string error)
    {
        Assert.False(CdrsCommand.TryParseFilter(new Dictionary<string, string> { [option] = value }, out _, out var message));
        Assert.Equal(error, message);
    }

    [Fact]
    public void CommandOptionsAreNotConfiguration()
    {
        var arguments = CommandArguments.Parse(
            ["export", "--out", "/tmp/out", "--max-cdrs=5", "--Cgf:NodeId", "X", "--json", "/Cgf:Storage:Path=a.db", "/tmp/file"],
            new HashSet<string> { "--json" }, new HashSet<string> { "--out", "--max-cdrs" });
        Assert.Equal("export", arguments.Command);
        Assert.Equal("/tmp/out", arguments.Options["--out"]);
        Assert.Equal("5", arguments.Options["--max-cdrs"]);
        Assert.Equal(["--Cgf:NodeId", "X", "/Cgf:Storage:Path=a.db"], arguments.ConfigurationArgs);
        Assert.Equal(["/tmp/file"], arguments.Positional);
        Assert.Contains("--json", arguments.Flags);
    }

    [Fact]
    public void ExportCommandRejectsBadLimitsInOneLine()
    {
        using var database = Filled();
        var result = CgfProcess.Run(null, "export", "--out", database.ExportDirectory, "--max-cdrs", "0", $"--Cgf:Storage:Path={database.Path}");
        Assert.Equal(2, result.ExitCode);
        Assert.Equal("Cgf.Server export: --max-cdrs 0 is not in 1-10000000", result.Stderr.Trim());
    }

    [Fact]
    public void ServerRefusesToStartWithBadExportSettingsInOneLine()
    {
        using var database = new TestDatabase();
        var result = CgfProcess.Run(null, "run", $"--Cgf:Storage:Path={database.Path}", "--Cgf:Listen:Port=1",
            "--Cgf:Export:Directory=out", "--Cgf:Export:MaxCdrs=0", "--Cgf:Export:MaxAge=-00:00:01");
        Assert.Equal(2, result.ExitCode);
        Assert.Equal("Cgf.Server: invalid configuration: Cgf:Export:MaxCdrs 0 is not in 1-10000000; Cgf:Export:MaxAge must be positive",
            result.Stderr.Trim());
    }

    private sealed class NullObserver : ICgfWriterObserver
    {
        public void OnBatchCompleted(IReadOnlyList<TransferRequest> batch, TimeSpan commitDuration, bool committed) { }
        public void OnHoldExpired(int packets, int cdrs) { }
        public void OnStorageError(Exception exception) { }
    }
}
