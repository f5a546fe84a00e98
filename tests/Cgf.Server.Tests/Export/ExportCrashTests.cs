using Cgf.Server.Export;
using Cgf.Server.Tests.Export.Infrastructure;
using Charging.CdrFiles;
using Microsoft.Extensions.Logging.Abstractions;
using Storage.Cgf;

namespace Cgf.Server.Tests.Export;

/// <summary>
/// The exporter is a real child process (<c>Cgf.Server export</c>) that kills itself with SIGKILL at a
/// step (test hook CGF_EXPORT_CRASH_AT); the next export must neither skip nor repeat a CDR.
/// </summary>
public class ExportCrashTests
{
    private const int Cdrs = 250;

    [Theory]
    [InlineData("after-write")]
    [InlineData("after-rename")]
    [InlineData("before-mark")]
    public void KilledExporterLosesAndRepeatsNothing(string step)
    {
        using var database = new TestDatabase();
        var records = Enumerable.Range(0, Cdrs).Select(i => TestCdrs.Sgw($"26201{i:D10}", i, i)).ToList();
        database.Ingest(records, perRequest: 25);
        string[] export = ["export", "--out", database.ExportDirectory, "--max-cdrs", "100",
            $"--Cgf:Storage:Path={database.Path}", $"--Cgf:NodeId={Exports.NodeId}"];

        var crashed = CgfProcess.Run(new Dictionary<string, string> { ["CGF_EXPORT_CRASH_AT"] = step }, export);
        Assert.Equal(137, crashed.ExitCode); // 128 + SIGKILL
        Assert.Contains($"CGF_EXPORT_CRASH_AT={step}", crashed.Stderr);
        var left = Directory.GetFiles(database.ExportDirectory).Select(Path.GetFileName).Where(n => n!.StartsWith(Exports.NodeId)).ToList();
        var single = Assert.Single(left);
        if (step == "after-write")
            Assert.EndsWith(CdrFileName.TemporarySuffix, single);
        else
            Assert.EndsWith(".1", single);
        using (var store = new CdrExportStore(database.Path))
        {
            Assert.Equal(Cdrs, store.CountExportable()); // nothing marked
            Assert.Empty(store.Batches(10));
        }

        var resumed = CgfProcess.Run(null, export);
        Assert.True(resumed.ExitCode == 0, resumed.Stderr);
        Assert.Contains(step == "after-write" ? "deleted leftover temporary file" : "recorded complete file", resumed.Stderr);

        var files = Exports.ReadFiles(database.ExportDirectory);
        Assert.Empty(Directory.GetFiles(database.ExportDirectory, "*" + CdrFileName.TemporarySuffix));
        Assert.Equal([1u, 2u, 3u], files.Select(f => f.File.Header.FileSequenceNumber));
        Assert.Equal(records, files.SelectMany(f => f.File.Records).Select(r => r.Data.ToArray()));
        using (var store = new CdrExportStore(database.Path))
        {
            Assert.Equal(0, store.CountExportable());
            var batches = store.Batches(10);
            Assert.Equal(3, batches.Count);
            Assert.Equal(step != "after-write", batches.Single(b => b.FileSequenceNumber == 1).Recovered);
            Assert.Equal(Cdrs, batches.Sum(b => b.CdrCount));
        }
    }

    [Fact]
    public void MarkingTransactionsLostToAPowerFailureAreRecordedAgainFromTheFiles()
    {
        using var database = new TestDatabase();
        var records = Enumerable.Range(0, 250).Select(i => TestCdrs.Sgw($"26201{i:D10}", i, i)).ToList();
        database.Ingest(records, perRequest: 25);
        using (var exporter = new CdrExporter(Exports.Settings(database, maxCdrs: 100), NullLogger.Instance))
            Assert.Equal(3, exporter.ExportAll().Count);
        // The state after losing the last three marking transactions (export connection: synchronous=NORMAL).
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={database.Path}"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "UPDATE cdrs SET status = 1; DELETE FROM export_batches; " +
                "UPDATE export_state SET value = 1 WHERE key = 'next_file_sequence_number'; UPDATE export_state SET value = 0 WHERE key = 'export_cursor';";
            command.ExecuteNonQuery();
        }
        var logger = new ListLogger();
        using (var exporter = new CdrExporter(Exports.Settings(database, maxCdrs: 100), logger))
            Assert.Empty(exporter.ExportAll());
        var log = logger.Messages;
        Assert.Equal(3, log.Count(l => l.StartsWith("recorded complete file", StringComparison.Ordinal)));
        Assert.Equal(records, Exports.ReadFiles(database.ExportDirectory).SelectMany(f => f.File.Records).Select(r => r.Data.ToArray()));
        using var store = new CdrExportStore(database.Path);
        Assert.Equal(0, store.CountExportable());
        Assert.Equal(4u, store.NextFileSequenceNumber());
    }

    [Fact]
    public void AnUnrecordedFileThatDoesNotMatchTheWaitingCdrsStopsExportWithOneLine()
    {
        using var database = new TestDatabase();
        database.Ingest([TestCdrs.Sgw("262010000000001", 1, 1)]);
        Directory.CreateDirectory(database.ExportDirectory);
        var stranger = new CdrFileBuilder();
        stranger.Append(TestCdrs.Sgw("262019999999999", 9, 9), new CdrReleaseVersion(17, 2), CdrRecordFormat.Ber);
        var now = DateTimeOffset.Now;
        var path = Path.Combine(database.ExportDirectory, CdrFileName.Format(Exports.NodeId, 1, now, false));
        using (var stream = File.Create(path))
            stranger.WriteTo(stream, stranger.CreateHeader(1, FileClosureTriggerReason.ManualClosure, System.Net.IPAddress.Loopback, now, now));

        var result = CgfProcess.Run(null, "export", "--out", database.ExportDirectory, $"--Cgf:Storage:Path={database.Path}", $"--Cgf:NodeId={Exports.NodeId}");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("is not among the CDRs awaiting export", result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
        using var store = new CdrExportStore(database.Path);
        Assert.Equal(1, store.CountExportable());
    }
}
