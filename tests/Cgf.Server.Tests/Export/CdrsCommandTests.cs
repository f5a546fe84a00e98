using Cgf.Server.Commands;
using Cgf.Server.Export;
using Cgf.Server.Tests.Export.Infrastructure;
using Charging.CdrFiles;
using Microsoft.Extensions.Logging.Abstractions;
using Storage.Cgf;
using Storage.Cgf.Ledger;
using Storage.Cgf.Writer;
using System.CommandLine;
using System.Text.Json;

namespace Cgf.Server.Tests.Export;

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

    private const string SharedImsi = "262010000000003";

    /// <summary>
    /// 24 SGW-CDRs (ids 1-12 and 15-26; IMSI <see cref="SharedImsi"/> for every third, charging ID 700 + i, opened
    /// at Base + i minutes), and between them two records that look like a matching SGW-CDR but must not be found by
    /// their fields: id 13 the same octets sent as unaligned PER, id 14 a BER record of an unknown type ([100]).
    /// </summary>
    private static TestDatabase Mixed()
    {
        var database = new TestDatabase();
        byte[] Cdr(int i) => TestCdrs.Sgw(i % 3 == 0 ? SharedImsi : $"26201{i:D10}", 700 + i, i, Base.AddMinutes(i), i, i);
        database.Ingest(Enumerable.Range(0, 12).Select(Cdr), perRequest: 5);
        var lookAlike = TestCdrs.Sgw(SharedImsi, 705, 99, Base.AddMinutes(5), 0, 0);
        database.Ingest([lookAlike], firstSequence: 100, recordFormat: new CdrRecordFormat(2, 1, 0, 3, 17).Pack());
        var unknownType = lookAlike.ToArray();
        Assert.Equal(new byte[] { 0xBF, 0x4E }, unknownType[..2]); // [78] sGWRecord, high-tag form (X.690 §8.1.2.4)
        unknownType[1] = 100;
        database.Ingest([unknownType], firstSequence: 101);
        database.Ingest(Enumerable.Range(12, 12).Select(Cdr), firstSequence: 200, perRequest: 5);
        return database;
    }

    private static readonly CdrQueryFilter[] MixedFilters =
    [
        new(ServedImsi: SharedImsi), new(ChargingId: 705), new(From: Base.AddMinutes(5), To: Base.AddMinutes(8)),
        new(ServedImsi: SharedImsi, From: Base.AddMinutes(4)), new(ServedImsi: SharedImsi, Limit: 5), new(To: Base.AddMinutes(2)),
        new(ServedImsi: SharedImsi, ChargingId: 718), new(ServedImsi: SharedImsi, ChargingId: 719), new(Status: CdrStatus.Committed),
        new(ChargingId: 705, Status: CdrStatus.Committed), new(),
    ];

    private static string MixedAnswers(TestDatabase database) => string.Join(";", MixedFilters.Select(f => string.Join(",",
        CdrQuery.Find(database.Path, f).Select(c => $"{c.Id}|{c.RecordType}|{c.ServedImsi}|{c.ChargingId}|{c.LocalSequenceNumber}|{c.RecordOpeningTime:O}"))));

    private static long IndexMark(TestDatabase database)
    {
        using var connection = Storage.SqliteDatabase.OpenReadOnly(database.Path);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT value FROM cdr_index_state WHERE key = 'indexed_through_id'";
        return (long)command.ExecuteScalar()!;
    }

    [Fact]
    public void FieldsAreFoundByDecodingTheRecordsWhileNothingIsIndexed()
    {
        using var database = Mixed();
        Assert.Equal(0, IndexMark(database));
        string Ids(CdrQueryFilter filter) => string.Join(",", CdrQuery.Find(database.Path, filter).Select(c => c.Id));
        Assert.Equal("1,4,7,10,15,18,21,24", Ids(new(ServedImsi: SharedImsi)));
        Assert.Equal("6", Ids(new(ChargingId: 705)));
        Assert.Equal("6,7,8", Ids(new(From: Base.AddMinutes(5), To: Base.AddMinutes(8))));
        Assert.Equal("7,10,15,18,21,24", Ids(new(ServedImsi: SharedImsi, From: Base.AddMinutes(4))));
        Assert.Equal("1,4,7,10,15", Ids(new(ServedImsi: SharedImsi, Limit: 5)));
        Assert.Equal("21", Ids(new(ServedImsi: SharedImsi, ChargingId: 718)));
        Assert.Equal("", Ids(new(ServedImsi: SharedImsi, ChargingId: 719)));
        var row = Assert.Single(CdrQuery.Find(database.Path, new CdrQueryFilter(ChargingId: 705)));
        Assert.Equal((84, "262010000000005", 5L, Base.AddMinutes(5)), (row.RecordType, row.ServedImsi, row.LocalSequenceNumber, row.RecordOpeningTime));
        Assert.Equal(TimeSpan.Zero, row.RecordOpeningTime!.Value.Offset);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(CdrIndexer.DefaultChunk)]
    public void AnswersAreTheSameWhileNothingPartOrAllIsIndexed(int chunk)
    {
        using var database = Mixed();
        var expected = MixedAnswers(database);
        using var indexer = new CdrIndexer(database.Path);
        var marks = new List<long>();
        while (indexer.IndexNext(chunk) > 0)
        {
            marks.Add(IndexMark(database));
            Assert.Equal(expected, MixedAnswers(database));
        }
        // The mark passed the PER and unknown-type records like any other and reached the last CDR.
        Assert.Equal(26, IndexMark(database));
        Assert.Equal(chunk == 1 ? 26 : chunk == 5 ? 6 : 1, marks.Count);
        Assert.Equal(expected, MixedAnswers(database));
    }

    [Fact]
    public void OtherFormatsAndUnknownTypesAreFoundByStatusButNeverByFields()
    {
        using var database = Mixed();
        void Check()
        {
            var all = CdrQuery.Find(database.Path, new CdrQueryFilter(Status: CdrStatus.Committed));
            Assert.Equal(26, all.Count);
            foreach (var id in new[] { 13L, 14L })
            {
                var row = Assert.Single(all, c => c.Id == id);
                Assert.Equal((null, null, null, null, null), (row.RecordType, row.ServedImsi, row.ChargingId, row.LocalSequenceNumber, row.RecordOpeningTime));
            }
            foreach (var filter in MixedFilters.Where(f => f.ServedImsi is not null || f.ChargingId is not null || f.From is not null || f.To is not null))
                Assert.DoesNotContain(CdrQuery.Find(database.Path, filter), c => c.Id is 13 or 14);
        }
        Check();
        using (var indexer = new CdrIndexer(database.Path))
            while (indexer.IndexNext(4) > 0)
            { }
        Check();
        using var connection = Storage.SqliteDatabase.OpenReadOnly(database.Path);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT (SELECT COUNT(*) FROM cdr_index_imsi WHERE cdr_id IN (13, 14)) + (SELECT COUNT(*) FROM cdr_index_charging_id WHERE cdr_id IN (13, 14)) " +
            "+ (SELECT COUNT(*) FROM cdr_index_opening_time WHERE cdr_id IN (13, 14)), (SELECT COUNT(*) FROM cdr_index_imsi)";
        using var reader = command.ExecuteReader();
        reader.Read();
        Assert.Equal((0L, 24L), (reader.GetInt64(0), reader.GetInt64(1)));
    }

    [Fact]
    public void IngestStoresOnlyTheRecord()
    {
        using var database = Mixed();
        using var connection = Storage.SqliteDatabase.OpenReadOnly(database.Path);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT (SELECT COUNT(*) FROM cdrs), (SELECT COUNT(*) FROM cdrs WHERE record_type IS NULL AND served_imsi IS NULL " +
            "AND charging_id IS NULL AND local_sequence_number IS NULL AND record_opening_time IS NULL), (SELECT user_version FROM pragma_user_version)";
        using var reader = command.ExecuteReader();
        reader.Read();
        // The newest schema (v4 or later: v4 stopped ingest from filling the field columns).
        Assert.Equal((26L, 26L, (long)CgfSchema.Migrations.Count), (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2)));
    }

    [Fact]
    public void ADatabaseWrittenBeforeV4GivesTheSameAnswersAfterTheUpgrade()
    {
        using var database = new TestDatabase();
        // A v3 database as the v3 writer and indexer left it: fields in the columns, rows 1-4 indexed from them.
        using (var connection = Storage.SqliteDatabase.OpenReadWrite(database.Path))
        {
            Storage.SchemaMigrator.Migrate(connection, CgfSchema.Migrations.Take(3).ToList(), "test");
            using var command = connection.CreateCommand();
            command.CommandText = "INSERT INTO peers (id, address, first_seen, last_seen) VALUES (1, '192.0.2.1', 0, 0)";
            command.ExecuteNonQuery();
            for (var i = 0; i < 6; i++)
            {
                command.CommandText = "INSERT INTO cdrs (peer_id, seq, record_index, status, received_at, committed_at, record_format, data, record_type, " +
                    "served_imsi, charging_id, local_sequence_number, record_opening_time) VALUES (1, $seq, 0, 1, 0, 0, $format, $data, 84, $imsi, $cid, $seq, $opened)";
                command.Parameters.Clear();
                command.Parameters.AddWithValue("$seq", i);
                command.Parameters.AddWithValue("$format", TestCdrs.Rel17RecordFormat);
                var imsi = i % 2 == 0 ? SharedImsi : $"26202{i:D10}";
                command.Parameters.AddWithValue("$data", TestCdrs.Sgw(imsi, 700 + i, i, Base.AddMinutes(i), i, i));
                command.Parameters.AddWithValue("$imsi", imsi);
                command.Parameters.AddWithValue("$cid", 700 + i);
                command.Parameters.AddWithValue("$opened", Base.AddMinutes(i).ToUnixTimeMilliseconds());
                command.ExecuteNonQuery();
            }
            command.Parameters.Clear();
            command.CommandText =
                "INSERT INTO cdr_index_imsi SELECT served_imsi, id FROM cdrs WHERE id <= 4; " +
                "INSERT INTO cdr_index_charging_id SELECT charging_id, id FROM cdrs WHERE id <= 4; " +
                "INSERT INTO cdr_index_opening_time SELECT record_opening_time, id FROM cdrs WHERE id <= 4; " +
                "UPDATE cdr_index_state SET value = 4 WHERE key = 'indexed_through_id';";
            command.ExecuteNonQuery();
        }
        CdrQueryFilter[] filters = [new(ServedImsi: SharedImsi), new(ChargingId: 705), new(From: Base.AddMinutes(3)), new()];
        string Answers() => string.Join(";", filters.Select(f => string.Join(",", CdrQuery.Find(database.Path, f)
            .Select(c => $"{c.Id}|{c.RecordType}|{c.ServedImsi}|{c.ChargingId}|{c.LocalSequenceNumber}|{c.RecordOpeningTime:O}"))));
        var before = Answers();
        Assert.StartsWith("1|84|262010000000003|700|0|", before);

        // The v4 writer (migration) adds CDRs without the columns; the v4 indexer decodes what v3 left above the mark.
        database.Ingest([TestCdrs.Sgw(SharedImsi, 706, 6, Base.AddMinutes(6), 6, 6)], firstSequence: 50);
        var after = Answers();
        Assert.Equal("1,3,5,7;6;4,5,6,7;1,2,3,4,5,6,7", string.Join(";", after.Split(';').Select(a => string.Join(",", a.Split(',').Select(r => r.Split('|')[0])))));
        using (var indexer = new CdrIndexer(database.Path))
            while (indexer.IndexNext(2) > 0)
                Assert.Equal(after, Answers());
        Assert.Equal(7, IndexMark(database));
        Assert.Equal(after, Answers());
        Assert.Contains(before.Split(';')[0], after.Split(';')[0]);
    }

    [Fact]
    public void TheWriterFillsTheLookupTablesWhenNothingIsQueued()
    {
        using var database = new TestDatabase();
        using var writer = new CgfWriter<TransferRequest>(new CgfWriterOptions { Path = database.Path, IndexChunk = 1000 }, new NullObserver());
        for (var request = 0; request < 50; request++)
        {
            writer.TryEnqueue(new TransferRequest
            {
                Peer = "192.0.2.1", SequenceNumber = (ushort)request, Kind = TransferKind.Send, ContentHash = (UInt128)request + 1,
                RecordFormat = TestCdrs.Rel17RecordFormat,
                Records = Enumerable.Range(request * 50, 50).Select(i => TestCdrs.Sgw($"26201{i:D10}", i, i))
                    .Select(r => new IncomingRecord(r, true)).ToArray(),
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
    public void TheWriterHoldsIndexingBackWhileIngestKeepsItBusyAndCatchesUpAfterwards()
    {
        using var database = new TestDatabase();
        // Any ingest in the last second holds indexing back; the maintenance sweep (a minute) cannot be what resumes it.
        using var writer = new CgfWriter<TransferRequest>(new CgfWriterOptions
        {
            Path = database.Path, IndexChunk = 1000, IndexBelowIngestShare = 0.000001, MaintenanceInterval = TimeSpan.FromMinutes(1),
        }, new NullObserver());
        var feeding = System.Diagnostics.Stopwatch.StartNew();
        for (var request = 0; feeding.Elapsed < TimeSpan.FromSeconds(1.6); request++)
        {
            writer.TryEnqueue(new TransferRequest
            {
                Peer = "192.0.2.1", SequenceNumber = (ushort)request, Kind = TransferKind.Send, ContentHash = (UInt128)request + 1,
                RecordFormat = TestCdrs.Rel17RecordFormat,
                Records = Enumerable.Range(request * 10, 10).Select(i => new IncomingRecord(TestCdrs.Sgw($"26201{i:D10}", i, i), true)).ToArray(),
            });
            Thread.Sleep(2);
        }
        (long Mark, long Max) State()
        {
            using var connection = Storage.SqliteDatabase.OpenReadOnly(database.Path);
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT (SELECT value FROM cdr_index_state), (SELECT COALESCE(MAX(id), -1) FROM cdrs)";
            using var reader = command.ExecuteReader();
            reader.Read();
            return (reader.GetInt64(0), reader.GetInt64(1));
        }
        while (writer.QueueDepth > 0)
            Thread.Sleep(10);
        var atStop = State();
        Assert.True(atStop.Mark < atStop.Max, $"indexed through {atStop.Mark} of {atStop.Max} while ingest was running");
        var deadline = DateTime.UtcNow.AddSeconds(20);
        var state = atStop;
        while (state.Mark != state.Max && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(50);
            state = State();
        }
        Assert.Equal(state.Max, state.Mark);
    }

    [Theory]
    // A second in which ingest took 0.4 s and indexing 0.5 s: ingest kept the writer busy 80 % of the time it had.
    [InlineData(400, 500, 1000, 0.8)]
    [InlineData(300, 0, 1000, 0.3)]
    [InlineData(0, 1000, 1000, 0.0)]
    public void IngestShareLeavesTheWritersOwnIndexingOut(long ingest, long index, long elapsed, double expected) =>
        Assert.Equal(expected, IndexingGate.IngestShare(ingest, index, elapsed), 6);

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
        using (var exporter = new CdrExporter(Exports.Settings(database, maxCdrs: 10), NullLogger.Instance))
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
        Assert.Equal("Cgf.Server cdrs: --status 'billed' is not committed, pending, exported, withheld or quarantined", bad.Stderr.Trim());
    }

    // Written by hand: recordType, servedIMSI 001010123456789, servedMSISDN [22] +46701234567 (91 = international
    // E.164), rATType [30]: an SGW-CDR from EUTRAN (6) and a PGW-CDR from NR (10).
    private const string SgwWithMsisdn = "BF4E19" + "800154" + "830800010121436587F9" + "9607916407214365F7" + "9E0106";
    private const string PgwWithMsisdn = "BF4F19" + "800155" + "830800010121436587F9" + "9607916407214365F7" + "9E010A";

    [Fact]
    public void CdrsAndCdrFileInspectShowMsisdnAndRatType()
    {
        using var database = new TestDatabase();
        database.Ingest([Convert.FromHexString(SgwWithMsisdn), Convert.FromHexString(PgwWithMsisdn)]);

        var result = CgfProcess.Run(null, "cdrs", "--json", $"--Cgf:Storage:Path={database.Path}");
        Assert.True(result.ExitCode == 0, result.Stderr);
        using (var json = JsonDocument.Parse(result.Stdout))
        {
            var rows = json.RootElement.EnumerateArray().ToList();
            Assert.Equal(["46701234567", "46701234567"], rows.Select(r => r.GetProperty("servedMsisdn").GetString()));
            Assert.Equal([6, 10], rows.Select(r => r.GetProperty("ratType").GetInt32()));
            Assert.Equal([84, 85], rows.Select(r => r.GetProperty("recordType").GetInt32()));
        }
        var text = CgfProcess.Run(null, "cdrs", $"--Cgf:Storage:Path={database.Path}");
        Assert.Contains("served MSISDN", text.Stdout);
        Assert.Matches(@"46701234567\s+6\b", text.Stdout);
        Assert.Matches(@"46701234567\s+10\b", text.Stdout);

        using (var exporter = new CdrExporter(Exports.Settings(database), NullLogger.Instance))
            exporter.ExportAll();
        var path = Assert.Single(Exports.ReadFiles(database.ExportDirectory)).Path;
        var inspect = CgfProcess.Run(null, "cdr-file", "inspect", path, "--json");
        Assert.True(inspect.ExitCode == 0, inspect.Stderr);
        using (var json = JsonDocument.Parse(inspect.Stdout))
        {
            var records = json.RootElement.GetProperty("records").EnumerateArray().ToList();
            Assert.Equal(["sGWRecord", "pGWRecord"], records.Select(r => r.GetProperty("recordTypeName").GetString()));
            Assert.All(records, r => Assert.Equal("46701234567", r.GetProperty("servedMsisdn").GetString()));
            Assert.Equal([6, 10], records.Select(r => r.GetProperty("ratType").GetInt32()));
        }
        var inspectText = CgfProcess.Run(null, "cdr-file", "inspect", path);
        Assert.Contains("served MSISDN", inspectText.Stdout);
        Assert.Matches(@"pGWRecord .* 46701234567\s+10\b", inspectText.Stdout);
    }

    [Fact]
    public void QuarantinedRecordsAreListedWithTheirReason()
    {
        using var database = new TestDatabase();
        using (var writer = new CgfWriter<TransferRequest>(new CgfWriterOptions { Path = database.Path }, new NullObserver()))
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
        var output = new Option<string>("--out");
        var maxCdrs = new Option<string>("--max-cdrs");
        var json = new Option<bool>("--json");
        var export = new Command("export") { TreatUnmatchedTokensAsErrors = false };
        export.Options.Add(output);
        export.Options.Add(maxCdrs);
        export.Options.Add(json);
        var root = new RootCommand { TreatUnmatchedTokensAsErrors = false };
        root.Subcommands.Add(export);

        var parsed = root.Parse(["export", "--out", "/tmp/out", "--max-cdrs=5", "--Cgf:NodeId", "X", "--json", "/Cgf:Storage:Path=a.db", "/tmp/file"]);
        var arguments = ConfigurationArguments.Split(parsed.UnmatchedTokens);

        Assert.Equal("export", parsed.CommandResult.Command.Name);
        Assert.Equal("/tmp/out", parsed.GetValue(output));
        Assert.Equal("5", parsed.GetValue(maxCdrs));
        Assert.Equal(["--Cgf:NodeId", "X", "/Cgf:Storage:Path=a.db"], arguments.Configuration);
        Assert.Equal(["/tmp/file"], arguments.Positional);
        Assert.True(parsed.GetValue(json));
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
        Assert.Equal("Cgf.Server run: invalid configuration: Cgf:Export:MaxCdrs 0 is not in 1-10000000; Cgf:Export:MaxAge must be positive",
            result.Stderr.Trim());
    }

    private sealed class NullObserver : ICgfWriterObserver<TransferRequest>
    {
        public void OnBatchCompleted(IReadOnlyList<TransferRequest> batch, TimeSpan commitDuration, bool committed) { }
        public void OnHoldExpired(int packets, int cdrs) { }
        public void OnStorageError(Exception exception) { }
    }
}
