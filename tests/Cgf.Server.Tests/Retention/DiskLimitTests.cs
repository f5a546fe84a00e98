using Cgf.Server.Monitoring;
using Cgf.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Operations.Alarms;
using Operations.Health;
using System.Diagnostics;
using Xunit.Abstractions;

namespace Cgf.Server.Tests.Retention;

/// <summary>Cgf:Storage:MaxDatabaseSize counting the WAL, and Cgf:Storage:MinFreeDisk on a real small volume (tmpfs).</summary>
[Collection(SerialCollection.Name)]
public sealed class DiskLimitTests(ITestOutputHelper output)
{
    [Fact]
    public async Task AFourMegabyteCapBoundsTheDatabaseAndItsWalTogether()
    {
        const long cap = 4_000_000;
        await using var cgf = await TestCgf.StartAsync(new Dictionary<string, string?> { ["Cgf:Storage:MaxDatabaseSize"] = cap.ToString() });
        await using var cdf = await TcpPeer.ConnectAsync(cgf.Endpoint);
        var largest = 0L;
        var trace = new List<string>();
        var saw199 = false;
        for (ushort seq = 1; seq < 5000 && !saw199; seq++)
        {
            var records = Enumerable.Range(0, 100).Select(i => Gtpp.Record((uint)(seq * 1000 + i))).ToArray();
            var response = await cdf.RequestAsync(Gtpp.Send(seq, records));
            saw199 = response.Cause == 199;
            largest = Math.Max(largest, DiskUse(cgf.DatabasePath));
            trace.Add($"{new FileInfo(cgf.DatabasePath).Length}+{(File.Exists(cgf.DatabasePath + "-wal") ? new FileInfo(cgf.DatabasePath + "-wal").Length : 0)}");
        }

        output.WriteLine($"largest database + WAL {largest} bytes; database+WAL every 10th request: {string.Join(" ", trace.Where((_, i) => i % 10 == 0))}");
        Assert.True(saw199, "the cap was never reached");
        Assert.True(largest <= cap, $"database + WAL reached {largest} bytes, over the {cap} cap: {string.Join(" ", trace.Where((_, i) => i % 10 == 0))}");
    }

    [SkippableFact]
    public async Task BelowMinFreeDiskNewCdrsAre199TheCgfIsNotReadyAndTheAlarmIsUpAboveItAgainActivePeersGetNodeAlive()
    {
        Skip.IfNot(Environment.UserName == "root", "mounting a tmpfs volume needs root");
        var volume = TempDirectory.Create();
        Skip.IfNot(Run("mount", $"-t tmpfs -o size=8m tmpfs {volume}"), "mount -t tmpfs failed");
        try
        {
            await using var cgf = await TestCgf.StartAsync(new Dictionary<string, string?> { ["Cgf:Storage:MinFreeDisk"] = "25%" },
                Path.Combine(volume, "cgf.db"));
            var monitor = cgf.Services.GetRequiredService<CgfMonitor>();
            var alarms = cgf.Services.GetRequiredService<AlarmRegistry>();
            using var cdf = new UdpPeer();
            Assert.Equal(128, (await cdf.RequestAsync(Gtpp.Send(1, Gtpp.Record(1)), cgf.Endpoint)).Cause);

            // 6 of 8 MB taken by another file: less than a quarter of the volume free.
            var filler = Path.Combine(volume, "filler");
            await File.WriteAllBytesAsync(filler, new byte[6 << 20]);
            monitor.SampleOnce();

            Assert.Equal(199, (await cdf.RequestAsync(Gtpp.Send(2, Gtpp.Record(2)), cgf.Endpoint)).Cause);
            Assert.Equal(128, (await cdf.RequestAsync(Gtpp.TestPacket(3), cgf.Endpoint)).Cause); // resolving what is held goes on
            var readiness = monitor.Check();
            Assert.False(readiness.IsReady);
            Assert.Contains("Cgf:Storage:MinFreeDisk 25%", readiness.Reason);
            Assert.Contains(alarms.Active(), a => a.Name == CgfAlarms.DiskSpaceLow && a.Reason.Contains("answered 199"));

            File.Delete(filler);
            monitor.SampleOnce();
            var nodeAlive = await cdf.ReceiveAsync(TimeSpan.FromSeconds(5));
            Assert.NotNull(nodeAlive);
            Assert.Equal((byte)4, Gtpp.Parse(nodeAlive).Type);
            Assert.True(monitor.Check().IsReady);
            Assert.DoesNotContain(alarms.Active(), a => a.Name == CgfAlarms.DiskSpaceLow);
            Assert.Equal(128, (await cdf.RequestAsync(Gtpp.Send(4, Gtpp.Record(4)), cgf.Endpoint)).Cause);
            Assert.Equal(2, cgf.Status().CommittedCdrs);
        }
        finally
        {
            Run("umount", volume);
        }
    }

    private static bool Run(string program, string arguments)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(program, arguments) { RedirectStandardError = true, RedirectStandardOutput = true })!;
            process.WaitForExit();
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    private static long DiskUse(string database) =>
        new[] { database, database + "-wal" }.Select(p => new FileInfo(p)).Where(f => f.Exists).Sum(f => f.Length);
}
