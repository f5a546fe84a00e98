using Gtp.Firewall.Tests.Support;
using Gtp.Firewall.Tests.Tools;
using System.Diagnostics;

namespace Gtp.Firewall.Tests.Charging;

/// <summary>
/// End to end: engine → charging → Cdf.Client outbox → GTP' → a real Cgf.Server child process, whose SQLite
/// file is counted. And a CGF that is down: inspection does not wait for it, records wait in the outbox.
/// </summary>
[Collection("cgf")]
public sealed class UsageDeliveryTests
{
    [Fact]
    public async Task RecordsReachARealCgfExactlyOnce()
    {
        using var directory = new TempDirectory();
        var port = FreePort.Get();
        await using var rig = new ChargingRig(directory.File("outbox.db"), port, o => o.VolumeLimit = 1000);
        using var cgf = await CgfProcess.StartAsync(port, directory.File("cgf.db"), rig.Options.Cdf.Cgfs[0].LocalPort);
        var h = rig.H;
        ChargingFlows.EstablishV1(h);
        ChargingFlows.Uplink(h, V1Flow.Sgsn, V1Flow.GgsnTeidU, 2);
        ChargingFlows.DeleteV1(h);
        ChargingFlows.EstablishV2(h);
        ChargingFlows.Uplink(h, Scenario.YvSgw1, V2Flow.PgwTeidU, 25);
        rig.Observer.CloseAll();

        Assert.True(await rig.Charging.DrainAsync(TimeSpan.FromSeconds(60)), cgf.Output);
        // 1 G-CDR (normalRelease), SGW-CDRs: 2 x volumeLimit + 1 x managementIntervention.
        var stored = ChargingRig.CommittedCdrs(cgf.DatabasePath);
        Assert.Equal(4, stored.Count);
        Assert.Equal([1L, 2L, 3L, 4L], stored.Select(r => CdrFields.Parse(r).LocalSequenceNumber).Order());
        Assert.Equal([0, 16, 16, 20], stored.Select(r => CdrFields.Parse(r).Cause).Order());
        Assert.Equal(4, rig.Charging.Statistics.AcknowledgedByCgf);
        Assert.Empty(await rig.OutboxRecordsAsync());
    }

    [Fact]
    public async Task ACgfThatIsDownDoesNotSlowInspectionAndGetsTheRecordsWhenItComesUp()
    {
        using var directory = new TempDirectory();
        var port = FreePort.Get();
        // T3 5 s, N3 3: a packet path that waited for the CGF would take 15 s per record.
        await using var rig = new ChargingRig(directory.File("outbox.db"), port, o => o.Cdf.T3 = TimeSpan.FromSeconds(5));
        var h = rig.H;
        const int sessions = 200;
        var stopwatch = Stopwatch.StartNew();
        for (var i = 0; i < sessions; i++)
        {
            ChargingFlows.EstablishV2(h);
            ChargingFlows.Uplink(h, Scenario.YvSgw1, V2Flow.PgwTeidU, 2);
            ChargingFlows.DeleteV2(h, seq: (uint)(100 + i));
        }
        stopwatch.Stop();
        Assert.True(stopwatch.Elapsed < rig.Options.Cdf.T3, $"{sessions} sessions took {stopwatch.Elapsed}");

        Assert.Equal(sessions, (await rig.OutboxRecordsAsync()).Count);
        Assert.Equal(0, rig.Charging.Statistics.AcknowledgedByCgf);

        using var cgf = await CgfProcess.StartAsync(port, directory.File("cgf.db"), rig.Options.Cdf.Cgfs[0].LocalPort);
        Assert.True(await rig.Charging.DrainAsync(TimeSpan.FromSeconds(90)), cgf.Output);
        Assert.Equal(sessions, ChargingRig.CommittedCdrs(cgf.DatabasePath).Count);
        Assert.Equal(Enumerable.Range(1, sessions).Select(i => (long)i), ChargingRig.CommittedCdrs(cgf.DatabasePath).Select(r => CdrFields.Parse(r).LocalSequenceNumber).Order());
    }
}
