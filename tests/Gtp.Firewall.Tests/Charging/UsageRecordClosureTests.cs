using Gtp.Firewall.Gtp;
using Gtp.Firewall.Tests.Support;
using Gtp.Firewall.Tests.Tools;
using Gtp.Firewall.Tunnels;

namespace Gtp.Firewall.Tests.Charging;

/// <summary>
/// Each closure cause through the real engine and the real outbox (the CGF is down, so the CDRs wait there):
/// which record closes when, with which octets, recordSequenceNumber and localSequenceNumber.
/// </summary>
public sealed class UsageRecordClosureTests
{
    private const int NormalRelease = 0, AbnormalRelease = 4, VolumeLimit = 16, TimeLimit = 17, ServingNodeChange = 18, ManagementIntervention = 20;

    [Fact]
    public void TheEngineKeepsChargingIdAndPdpTypeFromTheResponses()
    {
        var h = new Harness();
        ChargingFlows.EstablishV1(h);
        var v1 = h.SingleContext();
        Assert.Equal(ChargingFlows.V1ChargingId, v1.ChargingId);
        Assert.Equal(PdpType.IPv4, v1.PdpType);
        var h2 = new Harness();
        ChargingFlows.EstablishV2(h2);
        Assert.Equal(ChargingFlows.V2ChargingId, h2.SingleContext().ChargingId);
        Assert.Equal(PdpType.IPv4, h2.SingleContext().PdpType);
        var h3 = new Harness();
        V1Flow.Establish(h3);
        Assert.Null(h3.SingleContext().ChargingId);
    }

    [Fact]
    public async Task DeletionClosesOneCompleteGgsnRecordWithNormalRelease()
    {
        using var directory = new TempDirectory();
        await using var rig = new ChargingRig(directory.File("outbox.db"), FreePort.Get());
        var h = rig.H;
        var opened = h.Now;
        ChargingFlows.EstablishV1(h);
        ChargingFlows.Uplink(h, V1Flow.Sgsn, V1Flow.GgsnTeidU, 3, size: 100);
        ChargingFlows.Downlink(h, V1Flow.Sgsn, V1Flow.SgsnTeidU, 2, size: 200);
        h.Now = opened.AddSeconds(65);
        ChargingFlows.DeleteV1(h);

        var record = Assert.Single(await rig.OutboxFieldsAsync());
        Assert.Equal(21, record.ChoiceTag);
        Assert.Equal(19, record.RecordType);
        Assert.Equal(NormalRelease, record.Cause);
        Assert.Null(record.RecordSequenceNumber);
        Assert.Equal(1, record.LocalSequenceNumber);
        Assert.Equal((300, 400), record.Volumes);
        Assert.Equal(65, record.Integer(14));
        Assert.Equal(ChargingFlows.V1ChargingId, record.Integer(5));
        Assert.Equal(V1Flow.Sgsn, record.ServingNode);
        Assert.Equal("internet", record.Ia5(7));
        Assert.Equal("fw-test", record.Ia5(18));
        Assert.Equal("F121", Convert.ToHexString(record.Octets(8)));
        Assert.Equal("00010121436587F9", Convert.ToHexString(record.Octets(3)));
    }

    [Fact]
    public async Task AnAllowedSgsnChangeClosesAServingNodeChangeRecordAndAPartialFollows()
    {
        using var directory = new TempDirectory();
        await using var rig = new ChargingRig(directory.File("outbox.db"), FreePort.Get());
        var h = rig.H;
        ChargingFlows.EstablishV1(h);
        ChargingFlows.Uplink(h, V1Flow.Sgsn, V1Flow.GgsnTeidU, 1);
        h.Now = h.Now.AddSeconds(10);
        h.Control(V1Flow.NewSgsn, V1Flow.Ggsn, V1Flow.UpdatePdpRequest(V1Flow.NewSgsn));
        h.Control(V1Flow.Ggsn, V1Flow.NewSgsn, V1Flow.UpdatePdpResponse());
        ChargingFlows.Uplink(h, V1Flow.NewSgsn, V1Flow.GgsnTeidU, 2);
        h.Now = h.Now.AddSeconds(5);
        ChargingFlows.DeleteV1(h, V1Flow.NewSgsn, sgsnTeidC: 0x31);

        var records = await rig.OutboxFieldsAsync();
        Assert.Equal(2, records.Count);
        Assert.Equal(ServingNodeChange, records[0].Cause);
        Assert.Equal(1, records[0].RecordSequenceNumber);
        Assert.Equal(V1Flow.Sgsn, records[0].ServingNode);
        Assert.Equal((100, 0), records[0].Volumes);
        Assert.Equal(10, records[0].Integer(14));
        Assert.Equal(NormalRelease, records[1].Cause);
        Assert.Equal(2, records[1].RecordSequenceNumber);
        Assert.Equal(V1Flow.NewSgsn, records[1].ServingNode);
        Assert.Equal((200, 0), records[1].Volumes);
        Assert.Equal(5, records[1].Integer(14));
        Assert.Equal([1L, 2L], records.Select(r => r.LocalSequenceNumber));
    }

    [Fact]
    public async Task VolumeLimitClosesAPartialSgwRecordAtTheCrossingPacket()
    {
        using var directory = new TempDirectory();
        await using var rig = new ChargingRig(directory.File("outbox.db"), FreePort.Get(), o => o.VolumeLimit = 1000);
        var h = rig.H;
        ChargingFlows.EstablishV2(h);
        ChargingFlows.Uplink(h, Scenario.YvSgw1, V2Flow.PgwTeidU, 9);
        ChargingFlows.Downlink(h, Scenario.YvSgw1, V2Flow.SgwTeidU, 1);
        ChargingFlows.Uplink(h, Scenario.YvSgw1, V2Flow.PgwTeidU, 2);
        ChargingFlows.DeleteV2(h);

        var records = await rig.OutboxFieldsAsync();
        Assert.Equal(2, records.Count);
        Assert.All(records, r => Assert.Equal((78, 84), (r.ChoiceTag, r.RecordType)));
        Assert.Equal(VolumeLimit, records[0].Cause);
        Assert.Equal(1, records[0].RecordSequenceNumber);
        Assert.Equal((900, 100), records[0].Volumes);
        Assert.Equal(NormalRelease, records[1].Cause);
        Assert.Equal(2, records[1].RecordSequenceNumber);
        Assert.Equal((200, 0), records[1].Volumes);
        Assert.Equal(ChargingFlows.V2ChargingId, records[1].Integer(5));
        Assert.Equal(Scenario.YvSgw1, records[1].ServingNode);
    }

    [Fact]
    public async Task TimeLimitClosesPartialRecordsAtTheSweep()
    {
        using var directory = new TempDirectory();
        await using var rig = new ChargingRig(directory.File("outbox.db"), FreePort.Get(), o => o.TimeLimit = TimeSpan.FromSeconds(60));
        var h = rig.H;
        var opened = h.Now;
        ChargingFlows.EstablishV1(h);
        ChargingFlows.Uplink(h, V1Flow.Sgsn, V1Flow.GgsnTeidU, 1);
        // The next packet's inspection sweeps first (packet time 61 s on): the record closes before it counts.
        h.Now = opened.AddSeconds(61);
        ChargingFlows.Uplink(h, V1Flow.Sgsn, V1Flow.GgsnTeidU, 2);
        // A sweep driven by the front end alone (no traffic) closes the second period.
        h.Engine.Sweep(opened.AddSeconds(125).Ticks);
        h.Now = opened.AddSeconds(130);
        ChargingFlows.DeleteV1(h);

        var records = await rig.OutboxFieldsAsync();
        Assert.Equal([TimeLimit, TimeLimit, NormalRelease], records.Select(r => r.Cause));
        Assert.Equal([1L, 2L, 3L], records.Select(r => r.RecordSequenceNumber!.Value));
        Assert.Equal([(100L, 0L), (200L, 0L), (0L, 0L)], records.Select(r => r.Volumes));
        Assert.Equal([61L, 64L, 5L], records.Select(r => r.Integer(14)));
    }

    [Fact]
    public async Task ShutdownClosesEveryLiveContextWithManagementIntervention()
    {
        using var directory = new TempDirectory();
        await using var rig = new ChargingRig(directory.File("outbox.db"), FreePort.Get());
        var h = rig.H;
        ChargingFlows.EstablishV2(h);
        ChargingFlows.Uplink(h, Scenario.YvSgw1, V2Flow.PgwTeidU, 1);
        Assert.Equal(1, rig.Observer.CloseAll());

        var record = Assert.Single(await rig.OutboxFieldsAsync());
        Assert.Equal(ManagementIntervention, record.Cause);
        Assert.Null(record.RecordSequenceNumber);
        Assert.Equal((100, 0), record.Volumes);
        Assert.Equal(1, h.Engine.Tunnels.ContextCount);
    }

    [Fact]
    public async Task ReplacementWithoutSignalledDeletionIsAnAbnormalRelease()
    {
        using var directory = new TempDirectory();
        await using var rig = new ChargingRig(directory.File("outbox.db"), FreePort.Get());
        var h = rig.H;
        ChargingFlows.EstablishV1(h);
        // A new Create PDP Context for the same IMSI + NSAPI replaces the context.
        h.Control(V1Flow.Sgsn, V1Flow.Ggsn, V1Flow.CreatePdpRequest(seq: 5));
        h.Control(V1Flow.Ggsn, V1Flow.Sgsn, ChargingFlows.CreatePdpResponseWithChargingId(seq: 5));

        var record = Assert.Single(await rig.OutboxFieldsAsync());
        Assert.Equal(AbnormalRelease, record.Cause);
    }

    [Fact]
    public async Task AFullQueueMergesAPartialIntoTheNextRecordAndKeepsTheFinalOne()
    {
        using var directory = new TempDirectory();
        // Not started: nothing drains the one-record queue until the test starts it.
        await using var rig = new ChargingRig(directory.File("outbox.db"), FreePort.Get(), o => { o.QueueCapacity = 1; o.VolumeLimit = 500; }, start: false);
        var h = rig.H;
        ChargingFlows.EstablishV1(h);
        ChargingFlows.Uplink(h, V1Flow.Sgsn, V1Flow.GgsnTeidU, 5);   // partial 1 queued (the queue is now full)
        ChargingFlows.Uplink(h, V1Flow.Sgsn, V1Flow.GgsnTeidU, 7);   // partial 2 at 1000 octets: merged
        ChargingFlows.DeleteV1(h);                                    // the final record waits in the spill list
        Assert.Equal(1, rig.Observer.SpilledRecords);

        rig.Charging.Start();
        for (var i = 0; i < 500 && rig.Observer.SpilledRecords > 0; i++)
        {
            await Task.Delay(10);
            h.Engine.Sweep(h.Now.Ticks);
        }

        var records = await rig.OutboxFieldsAsync();
        Assert.Equal([VolumeLimit, NormalRelease], records.Select(r => r.Cause));
        Assert.Equal([(500L, 0L), (700L, 0L)], records.Select(r => r.Volumes));
        Assert.Equal([1L, 2L], records.Select(r => r.RecordSequenceNumber!.Value));
        Assert.Equal(1, rig.Charging.Statistics.PartialsMerged);
        Assert.Equal(0, rig.Charging.Statistics.RecordsLost);
    }

    [Fact]
    public async Task LocalSequenceNumbersIncreaseAndContinueAfterARestart()
    {
        using var directory = new TempDirectory();
        var outbox = directory.File("outbox.db");
        var port = FreePort.Get();
        await using (var first = new ChargingRig(outbox, port))
        {
            ChargingFlows.EstablishV1(first.H);
            ChargingFlows.DeleteV1(first.H);
            ChargingFlows.EstablishV2(first.H);
            ChargingFlows.DeleteV2(first.H);
            await first.Charging.FlushAsync();
        }
        await using var second = new ChargingRig(outbox, port);
        ChargingFlows.EstablishV1(second.H);
        ChargingFlows.DeleteV1(second.H);

        var records = await second.OutboxFieldsAsync();
        Assert.Equal([1L, 2L, 3L], records.Select(r => r.LocalSequenceNumber));
        Assert.Equal([21, 78, 21], records.Select(r => r.ChoiceTag));
    }
}
