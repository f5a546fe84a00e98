using Cdf.Tool.Tests.Infrastructure;
using Dapper;
using Storage;
using Xunit.Abstractions;

namespace Cdf.Tool.Tests.Delivery;

/// <summary>
/// The crash and failover test: two real CGF processes; <c>cdf send --generate 50000</c>;
/// kill -9 the first CGF mid-stream and restart it later; kill -9 the CDF once and restart it in resume
/// mode. Afterwards the union of committed CDRs on both CGFs holds every localSequenceNumber 1..50000
/// exactly once, and no possibly-duplicated packet is left pending.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class CrashAndFailoverTests(ITestOutputHelper output)
{
    private const int Cdrs = 50000;

    [Fact]
    public async Task EveryCdrIsCommittedExactlyOnceAcrossCgfAndCdfCrashes()
    {
        using var directory = new TempDirectory();
        int port1 = FreePort.Get(), port2 = FreePort.Get(), local1 = FreePort.Get(), local2 = FreePort.Get();
        string[] common =
        [
            "send", "--cgf", $"127.0.0.1:{port1}", "--cgf", $"127.0.0.1:{port2}",
            "--local", $"127.0.0.1:{local1}", "--local", $"127.0.0.1:{local2}",
            "--state", directory.File("cdf.db"), "--t3", "0.5", "--n3", "3", "--echo-interval", "1",
            "--cdrs-per-request", "50", "--window", "64", "--progress",
        ];
        var cgf1 = await CgfProcess.StartAsync(port1, directory.File("cgf1.db"), local1);
        using var cgf2 = await CgfProcess.StartAsync(port2, directory.File("cgf2.db"), local2);
        CdfProcess? cdf = null;
        try
        {
            cdf = CdfProcess.Start([.. common, "--generate", Cdrs.ToString(System.Globalization.CultureInfo.InvariantCulture)]);

            // Mid-stream: CGF1 has committed some, not all.
            await Poll.UntilAsync(() => Count(cgf1.DatabasePath) >= 5000, 60);
            cgf1.Kill();
            output.WriteLine($"CGF1 killed with {Count(cgf1.DatabasePath)} CDRs");

            // The CDF fails over to CGF2; kill it once everything is in its outbox and CGF2 holds copies.
            await Poll.UntilAsync(() => cdf.HasLine($"enqueued {Cdrs} CDRs") && Count(cgf2.DatabasePath) > 0, 60);
            cdf.Kill();
            output.WriteLine($"CDF killed; CGF2 has {Count(cgf2.DatabasePath)} CDRs");
            var firstRun = cdf.Output;
            cdf.Dispose();

            // Resume mode: neither --file nor --generate.
            cdf = CdfProcess.Start(common);
            await Task.Delay(TimeSpan.FromSeconds(3));
            cgf1.Dispose();
            cgf1 = await CgfProcess.StartAsync(port1, directory.File("cgf1.db"), local1);
            output.WriteLine("CGF1 restarted");

            var exitCode = await cdf.WaitForExitAsync(TimeSpan.FromSeconds(120));
            output.WriteLine(firstRun);
            output.WriteLine(cdf.Output);
            Assert.Equal(0, exitCode);
            Assert.Contains("possibly duplicated", firstRun + cdf.Output);
        }
        finally
        {
            cdf?.Dispose();
            cgf1.Dispose();
        }

        var stored = CgfDatabaseReader.Read(directory.File("cgf1.db")).Concat(CgfDatabaseReader.Read(directory.File("cgf2.db"))).ToList();
        Assert.DoesNotContain(stored, c => c.Status == 0);
        var counts = stored.Where(c => c.Status == 1).GroupBy(c => c.LocalSequenceNumber).ToDictionary(g => g.Key, g => g.Count());
        var duplicated = counts.Where(c => c.Value > 1).Select(c => c.Key).ToList();
        var missing = Enumerable.Range(1, Cdrs).Where(n => !counts.ContainsKey((uint)n)).ToList();
        Assert.True(duplicated.Count == 0, $"duplicated: {string.Join(",", duplicated.Take(20))}");
        Assert.True(missing.Count == 0, $"missing: {string.Join(",", missing.Take(20))}");
        Assert.Equal(Cdrs, counts.Count);
        output.WriteLine($"CGF1 {CgfDatabaseReader.Read(directory.File("cgf1.db")).Count}, CGF2 {CgfDatabaseReader.Read(directory.File("cgf2.db")).Count}");
    }

    private static long Count(string path)
    {
        if (!File.Exists(path))
            return 0;
        using var connection = SqliteDatabase.OpenReadOnly(path);
        return connection.ExecuteScalar<long>("SELECT COUNT(*) FROM cdrs");
    }
}
