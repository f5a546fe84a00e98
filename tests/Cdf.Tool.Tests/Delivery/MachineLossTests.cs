using Cdf.Tool.Tests.Infrastructure;
using Charging.CdrFiles;
using System.Globalization;
using Xunit.Abstractions;

namespace Cdf.Tool.Tests.Delivery;

/// <summary>
/// Machine loss (docs/cgf-pool.md "Machine loss"): a PostgreSQL primary with a synchronous streaming standby, two real CGF
/// processes on it (a connection string naming both servers, <c>Target Session Attributes=primary</c>), <c>cdf send</c>
/// to both. Mid-load the primary's postmaster is killed (kill -9, no shutdown) and the standby promoted; the CGFs answer
/// 199 meanwhile, reconnect to the new primary, and the CDF retransmits. Afterwards the promoted standby holds every CDR
/// the CDF had acknowledged (all of them, as cdf send exits 0 only then) exactly once, and export writes each once.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class MachineLossTests(ITestOutputHelper output)
{
    private const int Cdrs = 20000;

    [SkippableFact]
    public async Task EveryAcknowledgedCdrIsInThePromotedStandbyExactlyOnceAndExportedOnce()
    {
        Skip.If(PostgresCluster.MissingReason is not null, PostgresCluster.MissingReason);
        using var primary = PostgresCluster.Start();
        var standby = primary.AddSynchronousStandby();
        var database = PostgresCluster.MultiHostConnectionString(primary, standby);
        using var directory = new TempDirectory();
        int port1 = FreePort.Get(), port2 = FreePort.Get(), local1 = FreePort.Get(), local2 = FreePort.Get();
        string[] Pool(string node) => [$"--Cgf:NodeId={node}", "--Cgf:Storage:Provider=PostgreSql", $"--Cgf:Storage:ConnectionString={database}"];
        using var cgf1 = await CgfProcess.StartAsync(port1, directory.File("unused1.db"), local1, Pool("CGFA"));
        using var cgf2 = await CgfProcess.StartAsync(port2, directory.File("unused2.db"), local2, Pool("CGFB"));
        using var cdf = CdfProcess.Start(
            "send", "--cgf", $"127.0.0.1:{port1}", "--cgf", $"127.0.0.1:{port2}",
            "--local", $"127.0.0.1:{local1}", "--local", $"127.0.0.1:{local2}",
            "--state", directory.File("cdf.db"), "--t3", "0.5", "--n3", "3", "--echo-interval", "1",
            "--cdrs-per-request", "50", "--window", "64", "--progress", "--generate", Cdrs.ToString(CultureInfo.InvariantCulture));

        // Mid-load: some CDRs committed (and so on the standby), not all.
        await Poll.UntilAsync(() => Count(primary, "SELECT COUNT(*) FROM cdrs") >= 3000, 90);
        primary.KillPostmaster();
        output.WriteLine($"primary killed; standby has {Count(standby, "SELECT COUNT(*) FROM cdrs")} CDRs");
        standby.Promote();

        var exitCode = await cdf.WaitForExitAsync(TimeSpan.FromSeconds(240));
        output.WriteLine(cdf.Output);
        Assert.Equal(0, exitCode);

        Assert.Equal(0L, Count(standby, "SELECT COUNT(*) FROM cdrs WHERE status = 0"));
        Assert.Equal((long)Cdrs, Count(standby, "SELECT COUNT(*) FROM cdrs WHERE status IN (1, 2)"));
        Assert.Equal((long)Cdrs, Count(standby, "SELECT COUNT(DISTINCT data) FROM cdrs WHERE status IN (1, 2)"));

        // Export (the command, as billing's batch run would) writes every CDR once.
        var exported = directory.File("out");
        var export = CgfProcess.Run(null, "export", "--out", exported, "--Cgf:NodeId=CGFA", "--Cgf:Storage:Provider=PostgreSql",
            $"--Cgf:Storage:ConnectionString={database}");
        Assert.True(export.ExitCode == 0, export.Stderr);
        var records = new List<string>();
        foreach (var path in Directory.EnumerateFiles(exported).Where(p => !Path.GetFileName(p).StartsWith('.')))
        {
            Assert.True(CdrFileReader.TryRead(File.ReadAllBytes(path), out var file, out var error), $"{path}: {error}");
            records.AddRange(file.Records.Select(r => Convert.ToHexString(r.Data.Span)));
        }
        Assert.Equal(Cdrs, records.Count);
        Assert.Equal(Cdrs, records.Distinct().Count());
    }

    private static long Count(PostgresCluster cluster, string sql) =>
        long.Parse(cluster.Psql(sql), CultureInfo.InvariantCulture);
}
