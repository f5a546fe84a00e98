using Cgf.Server.Export;
using Cgf.Server.Tests.Export.Infrastructure;
using Charging.CdrFiles;
using Microsoft.Extensions.Logging.Abstractions;
using Storage.Cgf;
using Storage.Cgf.Ledger;
using Storage.Cgf.Writer;
using System.Security.Cryptography;
using System.Text.Json;

namespace Cgf.Server.Tests.Export;

public class ExportRoundTripTests
{
    private static List<byte[]> Records(int count, int first = 0) =>
        Enumerable.Range(first, count).Select(i => TestCdrs.Sgw($"00101{i:D10}", 1000 + i, i, uplink: i, downlink: 2L * i)).ToList();

    [Fact]
    public void ExportedFilesHoldEveryCdrOnceInOrderWithRightCountsAndLengths()
    {
        using var database = new TestDatabase();
        var records = Records(250);
        database.Ingest(records, perRequest: 10);
        using (var exporter = new CdrExporter(Exports.Settings(database, maxCdrs: 100), NullLogger.Instance))
        {
            var exported = exporter.ExportAll();
            Assert.Equal([100, 100, 50], exported.Select(f => f.CdrCount));
            Assert.Equal([FileClosureTriggerReason.MaximumNumberOfCdrsReached, FileClosureTriggerReason.MaximumNumberOfCdrsReached, FileClosureTriggerReason.ManualClosure],
                exported.Select(f => f.Reason));
            Assert.Empty(exporter.ExportAll());
        }

        var files = Exports.ReadFiles(database.ExportDirectory);
        Assert.Equal([1u, 2u, 3u], files.Select(f => f.File.Header.FileSequenceNumber));
        var all = files.SelectMany(f => f.File.Records).ToList();
        Assert.Equal(records.Count, all.Count);
        for (var i = 0; i < records.Count; i++)
        {
            Assert.Equal(records[i], all[i].Data.ToArray());
            Assert.Equal(records[i].Length, all[i].Header.Length);
            Assert.Equal(new CdrReleaseVersion(17, 2), all[i].Header.ReleaseVersion);
        }
        foreach (var (path, file, _) in files)
        {
            Assert.Equal((uint)new FileInfo(path).Length, file.Header.FileLength);
            Assert.Equal((uint)file.Records.Count, file.Header.CdrCount);
            Assert.Equal(54u, file.Header.HeaderLength);
        }

        // Batches recorded with name, count and the SHA-256 of the file; every CDR is exported.
        using var store = new CdrExportStore(database.Path);
        var batches = store.Batches(10).OrderBy(b => b.FileSequenceNumber).ToList();
        Assert.Equal(files.Select(f => Path.GetFileName(f.Path)), batches.Select(b => b.Name));
        Assert.Equal(files.Select(f => SHA256.HashData(File.ReadAllBytes(f.Path))), batches.Select(b => b.Sha256));
        Assert.Equal(0, store.CountExportable());
        Assert.Equal(4u, store.NextFileSequenceNumber());
    }

    [Fact]
    public void InspectCommandReadsBackTheSameRecords()
    {
        using var database = new TestDatabase();
        var records = Records(20);
        database.Ingest(records);
        using (var exporter = new CdrExporter(Exports.Settings(database), NullLogger.Instance))
            exporter.ExportAll();
        var path = Assert.Single(Exports.ReadFiles(database.ExportDirectory)).Path;

        var result = CgfProcess.Run(null, "cdr-file", "inspect", path, "--json");
        Assert.True(result.ExitCode == 0, result.Stderr);
        using var json = JsonDocument.Parse(result.Stdout);
        var header = json.RootElement.GetProperty("header");
        Assert.Equal(20, header.GetProperty("cdrCount").GetInt32());
        Assert.Equal(new FileInfo(path).Length, header.GetProperty("fileLength").GetInt64());
        Assert.Equal("192.0.2.10", header.GetProperty("nodeAddress").GetString());
        var shown = json.RootElement.GetProperty("records").EnumerateArray().ToList();
        Assert.Equal(20, shown.Count);
        for (var i = 0; i < shown.Count; i++)
        {
            Assert.Equal("sGWRecord", shown[i].GetProperty("recordTypeName").GetString());
            Assert.Equal($"00101{i:D10}", shown[i].GetProperty("servedImsi").GetString());
            Assert.Equal(1000 + i, shown[i].GetProperty("chargingId").GetInt64());
            Assert.Equal(i, shown[i].GetProperty("localSequenceNumber").GetInt64());
            Assert.Equal(i, shown[i].GetProperty("uplinkVolume").GetInt64());
            Assert.Equal(2 * i, shown[i].GetProperty("downlinkVolume").GetInt64());
            Assert.Equal(records[i].Length, shown[i].GetProperty("length").GetInt32());
        }

        var text = CgfProcess.Run(null, "cdr-file", "inspect", path);
        Assert.Equal(0, text.ExitCode);
        Assert.Contains("number of CDRs             20", text.Stdout);
    }

    [Fact]
    public void ADamagedFileGivesOneLineWithTheOffsetAndNoStackTrace()
    {
        using var database = new TestDatabase();
        database.Ingest(Records(3));
        using (var exporter = new CdrExporter(Exports.Settings(database), NullLogger.Instance))
            exporter.ExportAll();
        var path = Assert.Single(Exports.ReadFiles(database.ExportDirectory)).Path;
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^10]);

        var result = CgfProcess.Run(null, "cdr-file", "inspect", path);
        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("byte offset 0", line); // the file length field no longer matches
        Assert.DoesNotContain("   at ", result.Stderr);
    }

    [Fact]
    public void PossiblyDuplicateCdrsGoToTheirOwnFiles()
    {
        using var database = new TestDatabase();
        database.Ingest(Records(5));
        // Send possibly duplicated, never released: committed flagged once the hold time passes.
        var pending = Records(3, first: 100);
        database.Ingest(pending, TransferKind.SendPossiblyDuplicated, firstSequence: 500);
        using (var writer = new CgfWriter<TransferRequest>(new CgfWriterOptions { Path = database.Path, PossiblyDuplicateHoldTime = TimeSpan.FromMilliseconds(1), MaintenanceInterval = TimeSpan.FromMilliseconds(10) },
                   new NullObserver()))
        {
            Thread.Sleep(300);
        }
        using (var exporter = new CdrExporter(Exports.Settings(database), NullLogger.Instance))
            exporter.ExportAll();

        var files = Exports.ReadFiles(database.ExportDirectory);
        Assert.Equal(2, files.Count);
        Assert.False(files[0].PossiblyDuplicate);
        Assert.Equal(5, files[0].File.Records.Count);
        Assert.True(files[1].PossiblyDuplicate);
        Assert.EndsWith(CdrFileName.PossiblyDuplicateSuffix, files[1].Path);
        Assert.Equal(pending, files[1].File.Records.Select(r => r.Data.ToArray()));
    }

    [Fact]
    public void CdrsCommittedAfterLaterOnesWereExportedAreExportedOnceThroughLateCommits()
    {
        using var database = new TestDatabase();
        var first = Records(5);
        database.Ingest(first);
        // Pending (possibly duplicated): ids 6..8, below the normal CDRs that follow and are exported first.
        var released = Records(2, first: 100);
        var expired = Records(1, first: 200);
        database.Ingest(released.Concat(expired), TransferKind.SendPossiblyDuplicated, firstSequence: 500);
        var later = Records(5, first: 10);
        database.Ingest(later, firstSequence: 10);
        using (var exporter = new CdrExporter(Exports.Settings(database), NullLogger.Instance))
            Assert.Equal([10], exporter.ExportAll().Select(f => f.CdrCount));

        using (var writer = new CgfWriter<TransferRequest>(new CgfWriterOptions { Path = database.Path }, new NullObserver()))
            writer.TryEnqueue(new TransferRequest
            {
                Peer = "192.0.2.1", SequenceNumber = 600, Kind = TransferKind.Release, ContentHash = 600, Sequences = [500, 501],
            });
        using (var writer = new CgfWriter<TransferRequest>(new CgfWriterOptions { Path = database.Path, PossiblyDuplicateHoldTime = TimeSpan.FromMilliseconds(1), MaintenanceInterval = TimeSpan.FromMilliseconds(10) },
                   new NullObserver()))
        {
            Thread.Sleep(300);
        }
        // Committed on arrival after the release: above the export cursor.
        var last = Records(2, first: 20);
        database.Ingest(last, firstSequence: 30);

        using (var exporter = new CdrExporter(Exports.Settings(database), NullLogger.Instance))
        {
            var exported = exporter.ExportAll();
            Assert.Equal([(false, 4), (true, 1)], exported.Select(f => (f.PossiblyDuplicate, f.CdrCount)));
            Assert.Empty(exporter.ExportAll());
        }
        var files = Exports.ReadFiles(database.ExportDirectory);
        Assert.Equal(first.Concat(later), files[0].File.Records.Select(r => r.Data.ToArray()));
        Assert.Equal(released.Concat(last), files[1].File.Records.Select(r => r.Data.ToArray())); // id order
        Assert.True(files[2].PossiblyDuplicate);
        Assert.Equal(expired, files[2].File.Records.Select(r => r.Data.ToArray()));
        using var store = new CdrExportStore(database.Path);
        Assert.Equal(0, store.CountExportable());
        Assert.False(store.AnyExportable());
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={database.Path}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM late_commits";
        Assert.Equal(0L, (long)command.ExecuteScalar()!);
    }

    [Fact]
    public void AVersion2DatabaseKeepsItsUnexportedCdrsAfterMigration()
    {
        using var database = new TestDatabase();
        var exported = Records(3);
        database.Ingest(exported);
        using (var exporter = new CdrExporter(Exports.Settings(database), NullLogger.Instance))
            exporter.ExportAll();
        var waiting = Records(3, first: 10);
        database.Ingest(waiting, firstSequence: 10);
        var possiblyDuplicate = Records(1, first: 20);
        database.Ingest(possiblyDuplicate, TransferKind.SendPossiblyDuplicated, firstSequence: 20);
        // Back to schema v2 as it was: ids 4..6 committed, 7 committed possibly duplicate, no late_commits, no cursor.
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={database.Path}"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText =
                "UPDATE cdrs SET status = 1, possibly_duplicate = 1 WHERE status = 0; DROP TABLE late_commits; " +
                "DELETE FROM export_state WHERE key = 'export_cursor'; CREATE INDEX cdrs_exportable ON cdrs (possibly_duplicate, id) WHERE status = 1; " +
                "DROP TABLE cdr_segments; DELETE FROM node_state WHERE key IN ('cdrs_removed', 'quarantine_removed'); PRAGMA user_version = 2;";
            command.ExecuteNonQuery();
        }
        using (var exporter = new CdrExporter(Exports.Settings(database), NullLogger.Instance))
        {
            Assert.Equal([(false, 3), (true, 1)], exporter.ExportAll().Select(f => (f.PossiblyDuplicate, f.CdrCount)));
            Assert.Equal(0, exporter.CountExportable());
        }
        var files = Exports.ReadFiles(database.ExportDirectory);
        Assert.Equal(waiting, files[1].File.Records.Select(r => r.Data.ToArray()));
        Assert.Equal(possiblyDuplicate, files[2].File.Records.Select(r => r.Data.ToArray()));
        using var store = new CdrExportStore(database.Path);
        Assert.Equal(6, store.ExportCursor());
    }

    [Fact]
    public void FilesCloseBeforeTheyExceedMaxBytes()
    {
        using var database = new TestDatabase();
        var records = Records(40);
        database.Ingest(records);
        const long maxBytes = 2048;
        using (var exporter = new CdrExporter(Exports.Settings(database, maxBytes: maxBytes), NullLogger.Instance))
            Assert.All(exporter.ExportAll().SkipLast(1), f => Assert.Equal(FileClosureTriggerReason.FileSizeLimitReached, f.Reason));
        var files = Exports.ReadFiles(database.ExportDirectory);
        Assert.True(files.Count > 1);
        Assert.All(files, f => Assert.True(new FileInfo(f.Path).Length <= maxBytes));
        Assert.Equal(records, files.SelectMany(f => f.File.Records).Select(r => r.Data.ToArray()));
    }

    [Fact]
    public void ASecondExporterOnTheSameDirectoryIsRefused()
    {
        using var database = new TestDatabase();
        database.Ingest(Records(1));
        using var first = new CdrExporter(Exports.Settings(database), NullLogger.Instance);
        var exception = Assert.Throws<IOException>(() => new CdrExporter(Exports.Settings(database), NullLogger.Instance));
        Assert.Contains("in use by another exporter", exception.Message);
    }

    private sealed class NullObserver : ICgfWriterObserver<TransferRequest>
    {
        public void OnBatchCompleted(IReadOnlyList<TransferRequest> batch, TimeSpan commitDuration, bool committed) { }
        public void OnHoldExpired(int packets, int cdrs) { }
        public void OnStorageError(Exception exception) { }
    }
}
