using Cgf.Server.Tests.Export.Infrastructure;
using Cgf.Server.Tests.Infrastructure;
using Storage.Cgf;
using Xunit.Abstractions;

namespace Cgf.Server.Tests.Retention;

/// <summary>The real CGF in process, a steady load over TCP, continuous export and retention of seconds.</summary>
[Collection(SerialCollection.Name)]
public sealed class RetentionUnderLoadTests(ITestOutputHelper output)
{
    private const int RequestsPerSecond = 50;
    private const int CdrsPerRequest = 40;

    [Fact]
    public async Task UnderSteadyLoadTheDatabaseStopsGrowingAndEveryCdrIsExportedExactlyOnce()
    {
        var directory = TempDirectory.Create();
        var export = Path.Combine(directory, "out");
        await using var cgf = await TestCgf.StartAsync(new Dictionary<string, string?>
        {
            ["Cgf:Retention:Cdrs"] = "00:00:02",
            // A cap gives the WAL a share of 2 MB, so it starts over well within the test; the database never nears it.
            ["Cgf:Storage:MaxDatabaseSize"] = (8 << 20).ToString(),
            ["Cgf:Export:Directory"] = export,
            ["Cgf:Export:MaxAge"] = "00:00:00.300",
            ["Cgf:Export:PollInterval"] = "00:00:00.100",
        }, Path.Combine(directory, "cgf.db"));
        await using var cdf = await TcpPeer.ConnectAsync(cgf.Endpoint);
        var accepted = 0;
        var reading = Task.Run(async () =>
        {
            while (await cdf.ReadMessageAsync(TimeSpan.FromSeconds(10)) is { } received)
            {
                var message = Gtpp.Parse(received);
                Assert.Equal((byte)241, message.Type);
                Assert.Equal(128, message.Cause);
                accepted += message.Responded.Count;
            }
        });

        const int seconds = 24;
        var sizes = new List<long>();
        var sent = new List<byte[]>();
        ushort seq = 0;
        var started = DateTime.UtcNow;
        for (var tick = 0; tick < seconds * 10; tick++)
        {
            for (var r = 0; r < RequestsPerSecond / 10; r++)
            {
                seq++;
                var records = Enumerable.Range(0, CdrsPerRequest).Select(i => Gtpp.Record((uint)(seq * 100 + i))).ToArray();
                sent.AddRange(records);
                await cdf.WriteAsync(Gtpp.Send(seq, records));
            }
            if (tick % 10 == 9)
                sizes.Add(DiskUse(cgf.DatabasePath));
            var due = started.AddMilliseconds((tick + 1) * 100) - DateTime.UtcNow;
            if (due > TimeSpan.Zero)
                await Task.Delay(due);
        }
        await Poll.UntilAsync(() => accepted == seq, 20);
        var status = cgf.Status();
        await Poll.UntilAsync(() => cgf.Status().CommittedCdrs == cgf.Status().ExportedCdrs, 20);
        await cgf.StopAsync();
        output.WriteLine($"database + WAL each second: {string.Join(", ", sizes)}; stored at the end {status.CommittedCdrs + status.PendingCdrs}, " +
            $"removed {status.Retention?.CdrsRemoved}, free {status.Retention?.FreeBytes} bytes");

        // Past warm-up (the retention time, export and removal catching up, longer on a loaded machine) the files stay
        // put. Without removal each second would add 2,000 rows (~150 kB): 1.8 MB over the last 12 seconds. Bounded at a third
        // of that: on a loaded machine export (and so removal) lags in steps, and a step can come late in the window.
        var growth = sizes[^1] - sizes[11];
        Assert.True(growth < 600 * 1024, $"database + WAL grew {growth} bytes after warm-up: {string.Join(", ", sizes)}");
        Assert.True(status.Retention!.CdrsRemoved > sent.Count / 2, $"only {status.Retention.CdrsRemoved} of {sent.Count} CDRs removed");

        var exported = Exports.ReadFiles(export).SelectMany(f => f.File.Records).Select(r => Convert.ToHexString(r.Data.Span)).ToList();
        Assert.Equal(sent.Count, exported.Count);
        Assert.Equal(sent.Select(Convert.ToHexString).Order(), exported.Order());
    }

    private static long DiskUse(string database) =>
        new[] { database, database + "-wal" }.Select(p => new FileInfo(p)).Where(f => f.Exists).Sum(f => f.Length);
}
