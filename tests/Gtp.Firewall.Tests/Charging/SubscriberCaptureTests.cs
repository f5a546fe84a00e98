using Gtp.Firewall.Charging;
using Gtp.Firewall.Gtp;
using Gtp.Firewall.Gtp.V1;
using Gtp.Firewall.Gtp.V2;
using Gtp.Firewall.Inspection;
using Gtp.Firewall.Packets;
using Gtp.Firewall.Tests.Support;
using Gtp.Firewall.Tests.Tools;
using System.Net;

namespace Gtp.Firewall.Tests.Charging;

/// <summary>
/// The subscriber fields read from hand-written create/update messages, through the engine into the charging observer:
/// values, containers on QoS / location changes, a RAT change closing the record, malformed IEs dropped.
/// </summary>
public sealed class SubscriberCaptureTests
{
    private static IpAddress128 A(string text) => IpAddress128.FromIPAddress(IPAddress.Parse(text));

    private static ReadOnlySpan<byte> Ies(byte[] gtpV2) => gtpV2.AsSpan(12);

    [Fact]
    public void ACreateSessionRequestOnS11GivesEveryField()
    {
        var status = SubscriberElementsV2.Read(Ies(SubscriberFlows.CreateSessionRequestS11(Scenario.YvMme1)), 5, out var f);

        Assert.Equal(DropReason.None, status);
        Assert.Equal("46701234567", f.Msisdn);
        Assert.Equal("3516010021436587", f.Imeisv);
        Assert.Equal((byte)6, f.RatType);
        Assert.Equal("1862F210000162F21000000101", Convert.ToHexString(f.UserLocation!));
        Assert.Equal("4000", Convert.ToHexString(f.MsTimeZone!));
        Assert.Equal("62F210", Convert.ToHexString(f.ServingPlmn!));
        Assert.Equal("0400", Convert.ToHexString(f.ChargingCharacteristics!));
        Assert.Equal((byte)1, f.SelectionMode);
        Assert.True(f.DynamicAddress);
        Assert.Equal("480900000003E800000007D000000000000000000000", Convert.ToHexString(f.Qos!));
        Assert.Equal((50_000u, 100_000u), f.ApnAmbr);
        Assert.True(f.OnS11);
        Assert.Equal(A(SubscriberFlows.PgwS5), f.PgwControl);
        Assert.Equal(A("2001:db8::7"), f.PgwControlIpv6);
        Assert.Equal(A("2001:db8::a"), f.ServingControlIpv6);
    }

    [Fact]
    public void TheBearerQosIsTakenFromTheBearerContextOfThatEbi()
    {
        Assert.Equal(DropReason.None, SubscriberElementsV2.Read(Ies(SubscriberFlows.CreateSessionRequestS11(Scenario.YvMme1)), 6, out var other));
        Assert.Null(other.Qos);
    }

    [Fact]
    public void ACreatePdpContextRequestGivesEveryField()
    {
        var request = SubscriberFlows.CreatePdpRequest();
        var status = SubscriberElementsV1.Read(request.AsSpan(12), v0: false, out var f);

        Assert.Equal(DropReason.None, status);
        Assert.Equal("46701234567", f.Msisdn);
        Assert.Equal("3516010021436587", f.Imeisv);
        Assert.Equal((byte)1, f.RatType);
        Assert.Equal("0062F21000010002", Convert.ToHexString(f.UserLocation!));
        Assert.Equal("4000", Convert.ToHexString(f.MsTimeZone!));
        Assert.Equal("62F210", Convert.ToHexString(f.ServingPlmn!));
        Assert.Equal("0800", Convert.ToHexString(f.ChargingCharacteristics!));
        Assert.Equal((byte)2, f.SelectionMode);
        Assert.True(f.DynamicAddress);
        Assert.Equal("021B921F", Convert.ToHexString(f.Qos!));
    }

    [Theory]
    [InlineData("4C 0000 00")]          // MSISDN without digits
    [InlineData("52 0000 00")]          // RAT Type without its octet
    [InlineData("72 0001 00 40")]       // UE Time Zone of one octet
    [InlineData("53 0002 00 62F2")]     // Serving Network of two octets
    [InlineData("48 0004 00 0000C350")] // APN-AMBR without downlink
    public void AMalformedSubscriberIeIsDroppedOnlyWhenChargingReadsIt(string ie)
    {
        var request = Gtp2.Message(32, 0, 1, Gtp2.Imsi(Scenario.Imsi), Gtp2.FTeid(0, 6, V2Flow.SgwTeidC, Scenario.YvSgw1), Gtp2.Apn("ims"),
            Gtp2.BearerContext(0, Gtp2.Ebi(5), Gtp2.FTeid(2, 4, V2Flow.SgwTeidU, Scenario.YvSgw1)), Convert.FromHexString(ie.Replace(" ", "")));
        var plain = new Harness();
        Assert.Equal(Verdict.Permit, plain.Control(Scenario.YvSgw1, Scenario.XhPgw, request).Verdict);

        var charging = new Harness();
        var seen = new RecordingSubscribers();
        charging.Engine.Subscribers = seen;
        var result = charging.Control(Scenario.YvSgw1, Scenario.XhPgw, request);
        Assert.Equal(Verdict.Drop, result.Verdict);
        Assert.Equal(DropReason.IeMalformed, result.Reason);
        Assert.Equal(1, charging.Engine.Counters.Snapshot().Drops["IeMalformed"]);
    }

    [Fact]
    public void TheEngineHandsTheFieldsOverWhenTheResponseCommits()
    {
        var h = new Harness();
        var seen = new RecordingSubscribers();
        h.Engine.Subscribers = seen;
        SubscriberFlows.EstablishV2(h, Scenario.YvMme1);
        var (id, f) = Assert.Single(seen.Captured);
        Assert.Equal(h.SingleContext().Id, id);
        Assert.Equal("46701234567", f.Msisdn);
        Assert.Equal(A("2001:db8::b"), f.AnchorControlIpv6);

        SubscriberFlows.ModifyBearer(h, SubscriberFlows.Uli2Moved, 6, seq: 2, Scenario.YvMme1);
        SubscriberFlows.UpdateBearerQos(h, SubscriberFlows.Qos8, seq: 3, Scenario.YvMme1);
        Assert.Equal(2, seen.Changed.Count);
        Assert.Equal("1862F210000262F21000000202", Convert.ToHexString(seen.Changed[0].Fields.UserLocation!));
        Assert.Null(seen.Changed[0].Fields.Qos);
        Assert.Equal("480800000003E800000007D000000000000000000000", Convert.ToHexString(seen.Changed[1].Fields.Qos!));
    }

    [Fact]
    public void TheNegotiatedQosOfTheResponsesReplacesTheRequestedOne()
    {
        var h = new Harness();
        var seen = new RecordingSubscribers();
        h.Engine.Subscribers = seen;
        Assert.Equal(Verdict.Permit, h.Control(V1Flow.Sgsn, V1Flow.Ggsn, SubscriberFlows.CreatePdpRequest()).Verdict);
        // TS 29.060 §7.3.2: Cause, TEIDs, EUA, GSN addresses, then the negotiated QoS Profile (135).
        Assert.Equal(Verdict.Permit, h.Control(V1Flow.Ggsn, V1Flow.Sgsn, Gtp1.Control(17, V1Flow.SgsnTeidC, 1,
            Gtp1.Cause(128), Gtp1.TeidDataI(V1Flow.GgsnTeidU), Gtp1.TeidControl(V1Flow.GgsnTeidC), Gtp1.EndUserIPv4("100.64.0.9"),
            Gtp1.GsnAddress(V1Flow.Ggsn), Gtp1.GsnAddress(V1Flow.Ggsn), Convert.FromHexString("870004020B921F"))).Verdict);
        Assert.Equal("020B921F", Convert.ToHexString(Assert.Single(seen.Captured).Fields.Qos!));

        var h2 = new Harness();
        var seen2 = new RecordingSubscribers();
        h2.Engine.Subscribers = seen2;
        Assert.Equal(Verdict.Permit, h2.Control(Scenario.YvMme1, Scenario.XhPgw, SubscriberFlows.CreateSessionRequestS11(Scenario.YvMme1)).Verdict);
        // §7.2.2: the PGW's Bearer QoS in the bearer context created and its APN-AMBR, present because it changed them.
        Assert.Equal(Verdict.Permit, h2.Control(Scenario.XhPgw, Scenario.YvMme1, Gtp2.Message(33, V2Flow.SgwTeidC, 1,
            Gtp2.Cause(16), Gtp2.FTeid(0, 11, V2Flow.PgwTeidC, Scenario.XhPgw), Gtp2.PaaIPv4("100.64.0.1"),
            Convert.FromHexString("4800080000002710" + "00004E20"),
            Gtp2.BearerContext(0, Gtp2.Ebi(5), Gtp2.Cause(16), Gtp2.FTeid(2, 5, V2Flow.PgwTeidU, Scenario.XhPgw),
                Convert.FromHexString("50001600" + SubscriberFlows.Qos8.Replace(" ", ""))))).Verdict);
        var fields = Assert.Single(seen2.Captured).Fields;
        Assert.Equal("480800000003E800000007D000000000000000000000", Convert.ToHexString(fields.Qos!));
        Assert.Equal((10_000u, 20_000u), fields.ApnAmbr);
        Assert.Equal("46701234567", fields.Msisdn);
        Assert.True(fields.AnchorControlIpv6.IsNone);
    }

    [Fact]
    public void WithoutChargingNoFieldIsRead()
    {
        var h = new Harness();
        SubscriberFlows.EstablishV2(h, Scenario.YvMme1);
        Assert.Equal(1, h.Engine.Tunnels.ContextCount);
    }

    [Fact]
    public async Task QosAndLocationChangesOpenContainersAndRatChangeClosesTheRecord()
    {
        using var directory = new TempDirectory();
        await using var rig = new ChargingRig(directory.File("outbox.db"), FreePort.Get(), o => o.ContainerOnUserLocationChange = true);
        var h = rig.H;
        SubscriberFlows.EstablishV2(h, Scenario.YvMme1);
        var id = h.SingleContext().Id;
        ChargingFlows.Uplink(h, Scenario.YvMme1, V2Flow.PgwTeidU, 2, size: 100);
        h.Now = h.Now.AddSeconds(10);
        SubscriberFlows.UpdateBearerQos(h, SubscriberFlows.Qos8, seq: 2, Scenario.YvMme1);
        ChargingFlows.Uplink(h, Scenario.YvMme1, V2Flow.PgwTeidU, 3, size: 100);
        h.Now = h.Now.AddSeconds(10);
        SubscriberFlows.ModifyBearer(h, SubscriberFlows.Uli2Moved, 6, seq: 3, Scenario.YvMme1);
        ChargingFlows.Uplink(h, Scenario.YvMme1, V2Flow.PgwTeidU, 1, size: 100);

        Assert.True(rig.Observer.TryGetOpen(id, out var open));
        var containers = open.Subscriber!.Containers;
        Assert.Equal(2, containers.Count);
        Assert.Equal((200, global::Charging.Cdr.ChangeCondition.QosChange), (containers[0].UplinkOctets, containers[0].Condition));
        Assert.Equal("480900000003E800000007D000000000000000000000", Convert.ToHexString(containers[0].Fields!.Qos!));
        Assert.Equal((300, global::Charging.Cdr.ChangeCondition.UserLocationChange), (containers[1].UplinkOctets, containers[1].Condition));
        Assert.Equal("480800000003E800000007D000000000000000000000", Convert.ToHexString(containers[1].Fields!.Qos!));
        Assert.Equal("1862F210000262F21000000202", Convert.ToHexString(open.Subscriber.ContainerFields!.UserLocation!));

        SubscriberFlows.ModifyBearer(h, SubscriberFlows.Uli2Moved, 1, seq: 4, Scenario.YvMme1);
        var record = Assert.Single(await rig.OutboxFieldsAsync());
        Assert.Equal((int)ChargingObserver.RatChange, record.Cause);
        Assert.Equal(1, record.RecordSequenceNumber);
        Assert.True(rig.Observer.TryGetOpen(id, out var next));
        Assert.Empty(next.Subscriber!.Containers);
        Assert.Equal((byte)1, next.Subscriber.ContainerFields!.RatType);
    }

    [Fact]
    public async Task TheContainerLimitClosesTheRecordWithMaxChangeCondition()
    {
        using var directory = new TempDirectory();
        await using var rig = new ChargingRig(directory.File("outbox.db"), FreePort.Get(), o => o.MaxContainers = 2);
        var h = rig.H;
        SubscriberFlows.EstablishV2(h, Scenario.YvMme1);
        SubscriberFlows.UpdateBearerQos(h, SubscriberFlows.Qos8, seq: 2, Scenario.YvMme1);
        Assert.Empty(await rig.OutboxFieldsAsync());
        SubscriberFlows.UpdateBearerQos(h, SubscriberFlows.Qos9, seq: 3, Scenario.YvMme1);

        var record = Assert.Single(await rig.OutboxFieldsAsync());
        Assert.Equal((int)ChargingObserver.MaxChangeCondition, record.Cause);
    }

    [Fact]
    public async Task ALocationChangeKeepsTheContainerUnlessConfigured()
    {
        using var directory = new TempDirectory();
        await using var rig = new ChargingRig(directory.File("outbox.db"), FreePort.Get());
        var h = rig.H;
        SubscriberFlows.EstablishV2(h, Scenario.YvMme1);
        SubscriberFlows.ModifyBearer(h, SubscriberFlows.Uli2Moved, 6, seq: 2, Scenario.YvMme1);
        Assert.True(rig.Observer.TryGetOpen(h.SingleContext().Id, out var open));
        Assert.Empty(open.Subscriber!.Containers);
        Assert.Equal("1862F210000262F21000000202", Convert.ToHexString(open.Subscriber.Current.UserLocation!));
        Assert.Equal("1862F210000162F21000000101", Convert.ToHexString(open.Subscriber.OpenedWith!.UserLocation!));
    }

    private sealed class RecordingSubscribers : Tunnels.ISubscriberObserver
    {
        public List<(long Id, SubscriberFields Fields)> Captured { get; } = [];
        public List<(long Id, SubscriberFields Fields)> Changed { get; } = [];

        public void SubscriberCaptured(long tunnelId, SubscriberFields fields) => Captured.Add((tunnelId, fields));

        public void SubscriberChanged(long tunnelId, SubscriberFields update) => Changed.Add((tunnelId, update));
    }
}
