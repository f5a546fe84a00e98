using Cgf.Server.Tests.Infrastructure;
using Charging.CdrFiles;
using Dapper;
using Npgsql;

namespace Cgf.Server.Tests.Postgres;

/// <summary>
/// One exporter for a pool (docs/cgf-pool.md "One exporter"): two real CGF processes on one PostgreSQL database and one
/// export directory; the exporting one is killed (kill -9, so it never gives the lease up) and the other takes over
/// within Cgf:Export:TakeoverAfter, continuing the file sequence: every CDR in exactly one file, no number twice.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class ExportLeaseTests
{
    [SkippableFact]
    public async Task AnotherCgfTakesExportOverAfterTheExporterDiesAndContinuesTheFileSequence()
    {
        Skip.If(PostgresCluster.MissingReason is not null, PostgresCluster.MissingReason);
        var database = PostgresCluster.Shared.CreateDatabase($"lease_{Guid.NewGuid():N}"[..30]);
        using var directory = new TempDirectory();
        var export = directory.File("out");
        string[] Pool(string node) =>
        [
            $"--Cgf:NodeId={node}", "--Cgf:Storage:Provider=PostgreSql", $"--Cgf:Storage:ConnectionString={database}",
            $"--Cgf:Export:Directory={export}", "--Cgf:Export:TakeoverAfter=00:00:02", "--Cgf:Export:PollInterval=00:00:00.200",
            "--Cgf:Export:MaxAge=00:00:00.300",
        ];
        var a = await CgfProcess.StartAsync(FreePort.Get(), directory.File("a.db"), null, Pool("CGFA"));
        using var b = await CgfProcess.StartAsync(FreePort.Get(), directory.File("b.db"), null, Pool("CGFB"));
        try
        {
            await using (var toA = await PeerConnection.OpenAsync("udp", a.Endpoint))
            {
                for (ushort seq = 1; seq <= 3; seq++)
                    Assert.Equal(128, (await toA.RequestAsync(Gtpp.Send(seq, Gtpp.Record(seq)))).Cause);
            }
            await Poll.UntilAsync(() => Files(export).Sum(f => f.File.Records.Count) == 3, 30);
            Assert.All(Files(export), f => Assert.StartsWith("CGFA_", Path.GetFileName(f.Path)));

            a.Kill();
            await using (var toB = await PeerConnection.OpenAsync("udp", b.Endpoint))
            {
                for (ushort seq = 1; seq <= 3; seq++)
                    Assert.Equal(128, (await toB.RequestAsync(Gtpp.Send(seq, Gtpp.Record(100u + seq)))).Cause);
            }
            await Poll.UntilAsync(() => Files(export).Sum(f => f.File.Records.Count) == 6, 30);
            // The log line comes through the console logger's queue and the redirected output: it may follow the file.
            await Poll.UntilAsync(() => b.Output.Contains("took the pool's export lease over from CGF CGFA", StringComparison.Ordinal), 10);
        }
        finally
        {
            a.Dispose();
        }

        var files = Files(export);
        var numbers = files.Select(f => f.File.Header.FileSequenceNumber).OrderBy(n => n).ToList();
        Assert.Equal(Enumerable.Range(1, numbers.Count).Select(n => (uint)n), numbers);
        Assert.Contains(files, f => Path.GetFileName(f.Path).StartsWith("CGFB_", StringComparison.Ordinal));
        var records = files.SelectMany(f => f.File.Records).Select(r => Convert.ToHexString(r.Data.Span)).ToList();
        var expected = new[] { 1u, 2u, 3u, 101u, 102u, 103u }.Select(id => Convert.ToHexString(Gtpp.Record(id))).Order().ToList();
        Assert.Equal(expected, records.Order().ToList());
        using var connection = new NpgsqlConnection(database);
        Assert.Equal(files.Count, connection.ExecuteScalar<long>("SELECT COUNT(*) FROM export_batches"));
        Assert.Equal(6L, connection.ExecuteScalar<long>("SELECT COUNT(*) FROM cdrs WHERE status = 2"));
    }

    private static List<(string Path, CdrFile File)> Files(string directory)
    {
        if (!Directory.Exists(directory))
            return [];
        var files = new List<(string, CdrFile)>();
        foreach (var path in Directory.EnumerateFiles(directory))
        {
            var name = Path.GetFileName(path);
            if (name.StartsWith('.') || name.EndsWith(CdrFileName.TemporarySuffix, StringComparison.Ordinal))
                continue;
            if (CdrFileReader.TryRead(File.ReadAllBytes(path), out var file, out _))
                files.Add((path, file));
        }
        return files;
    }
}
