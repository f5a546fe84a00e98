using Gtp.Firewall.Inspection;
using Gtp.Firewall.Tests.Support;
using static Gtp.Firewall.Tests.Support.Scenario;
using GtpProtocol = Gtp.Firewall.Gtp.GtpProtocol;

namespace Gtp.Firewall.Tests;

/// <summary>GTPv0 (TS 09.60) on port 3386, GTP' separation, and cross-version updates.</summary>
public class GtpV0Tests
{
    private const string Sgsn = YvSgw1;
    private const string Ggsn = XhPgw;
    private static readonly byte[] Tid = Gtp0.Tid(Imsi, 5);

    private static void EstablishV0(Harness h)
    {
        var request = Gtp0.Message(16, 1, 0, Tid, Gtp0.QoS(), Gtp1.Recovery(3), Gtp0.FlowLabelDataI(0x101), Gtp0.FlowLabelSignalling(0x102),
            Gtp1.EndUserDynamic(), Gtp1.GsnAddress(Sgsn), Gtp1.GsnAddress(Sgsn));
        Assert.Equal(Verdict.Permit, h.V0(Sgsn, Ggsn, request).Verdict);
        var response = Gtp0.Message(17, 1, 0x102, Tid, Gtp1.Cause(128), Gtp0.QoS(), Gtp0.FlowLabelDataI(0x201), Gtp0.FlowLabelSignalling(0x202),
            Gtp1.EndUserIPv4("100.64.0.3"), Gtp1.GsnAddress(Ggsn), Gtp1.GsnAddress(Ggsn));
        Assert.Equal(Verdict.Permit, h.V0(Ggsn, Sgsn, response).Verdict);
    }

    [Fact]
    public void V0CreatePdpContextIsKeyedByTid()
    {
        var h = new Harness();
        EstablishV0(h);
        var t = h.SingleContext();
        Assert.Equal(0, t.Version);
        Assert.Equal(5, t.Nsapi);
        Assert.Equal(Imsi, t.ImsiDigits);
        Assert.Equal(Verdict.Permit, h.V0(Sgsn, Ggsn, Gtp0.Message(255, 7, 0x201, Tid, Harness.InnerPacket())).Verdict);
        Assert.Equal(Verdict.Permit, h.V0(Ggsn, Sgsn, Gtp0.Message(255, 8, 0x101, Tid, Harness.InnerPacket())).Verdict);
        Assert.Equal(2, h.SingleContext().Usage.UplinkPackets + h.SingleContext().Usage.DownlinkPackets);
        Assert.Equal(DropReason.InvalidTid, h.V0(Sgsn, Ggsn, Gtp0.Message(255, 9, 0x201, Gtp0.Tid(Imsi, 6), Harness.InnerPacket())).Reason);
    }

    [Fact]
    public void GtpPrimeOnPort3386IsCountedAndPassedNotTakenForGtpV0()
    {
        var h = new Harness();
        // GTP' v2 short header: flags 0x4E (version 2, PT = 0, spare 111, header 6 octets), Node Alive Request (4).
        var prime = new ByteBuilder().U8(0x4E).U8(4).U16(0).U16(1).ToArray();
        var r = h.V0("192.0.2.1", "192.0.2.2", prime);
        Assert.Equal(Verdict.Permit, r.Verdict);
        Assert.Equal(GtpProtocol.GtpPrime, r.Protocol);
        // GTP' v0 with the 20-octet header (flags 0x0E: version 0, PT = 0) is GTP' too, not GTPv0.
        var primeV0 = new ByteBuilder().U8(0x0E).U8(240).U16(0).U16(2).Zeros(14).ToArray();
        Assert.Equal(GtpProtocol.GtpPrime, h.V0("192.0.2.1", "192.0.2.2", primeV0).Protocol);
        Assert.Equal(2, h.Engine.Counters.GtpPrime);
        Assert.Equal(GtpProtocol.V0, h.V0(Sgsn, Ggsn, Gtp0.Message(1, 1, 0, new byte[8])).Protocol);
    }

    [Fact]
    public void GtpV1UpdateNeverUpdatesAGtpV0Tunnel()
    {
        var h = new Harness();
        EstablishV0(h);
        // TS 29.060 §7.3.3: TEID 0 + IMSI + NSAPI identifies a context that came from a GTPv0 SGSN.
        var update = Gtp1.Control(18, 0, 5, Gtp1.Imsi(Imsi), Gtp1.TeidDataI(0x31), Gtp1.TeidControl(0x32), Gtp1.Nsapi(5),
            Gtp1.GsnAddress(YvSgw2), Gtp1.GsnAddress(YvSgw2));
        Assert.Equal(DropReason.VersionMismatch, h.Control(YvSgw2, Ggsn, update).Reason);
        Assert.Equal(Sgsn, h.SingleContext().ServingControl.ToString());
        Assert.Equal(0, h.SingleContext().Version);
    }

    [Fact]
    public void GtpV1SgsnContextResponseNeverUpdatesAGtpV0Tunnel()
    {
        var h = new Harness();
        EstablishV0(h);
        h.Control(YvSgw2, Sgsn, Gtp1.Control(50, 0, 40, Gtp1.Imsi(Imsi), Gtp1.TeidControl(0x51), Gtp1.GsnAddress(YvSgw2)));
        var response = Gtp1.Control(51, 0x51, 40, Gtp1.Cause(128), Gtp1.Imsi(Imsi),
            Gtp1.PdpContext(5, 0x21, 0x22, "100.64.0.3", Ggsn, Ggsn));
        Assert.Equal(DropReason.VersionMismatch, h.Control(Sgsn, YvSgw2, response).Reason);
        Assert.Equal(0, h.SingleContext().Version);
    }

    [Fact]
    public void GtpV0UpdateMayUpdateAGtpV1Context()
    {
        var h = new Harness();
        V1Flow.Establish(h);
        var update = Gtp0.Message(18, 3, 0, Tid, Gtp0.QoS(), Gtp0.FlowLabelDataI(0x301), Gtp0.FlowLabelSignalling(0x302),
            Gtp1.GsnAddress(YvSgw2), Gtp1.GsnAddress(YvSgw2));
        var r = h.V0(YvSgw2, Ggsn, update);
        Assert.Equal(Verdict.Permit, r.Verdict);
        Assert.Equal(Handover.HandoverDecision.Allowed, r.Handover);
        Assert.Equal(Verdict.Permit, h.V0(Ggsn, YvSgw2, Gtp0.Message(19, 3, 0x302, Tid, Gtp1.Cause(128))).Verdict);
        Assert.Equal(YvSgw2, h.SingleContext().ServingControl.ToString());
    }

    [Fact]
    public void V0SgsnContextResponseBuildsAContextFromTheV0PdpContextLayout()
    {
        var h = new Harness();
        Assert.Equal(Verdict.Permit, h.V0(ZvSgw1, Sgsn, Gtp0.Message(50, 4, 0, new byte[8], Gtp1.Imsi(Imsi), Gtp0.FlowLabelSignalling(9), Gtp1.GsnAddress(ZvSgw1))).Verdict);
        var response = Gtp0.Message(51, 4, 9, new byte[8], Gtp1.Cause(128), Gtp1.Imsi(Imsi), Gtp0.FlowLabelSignalling(10),
            Gtp1.PdpContextV0(5, 0x55, "100.64.0.3", Ggsn));
        Assert.Equal(Verdict.Permit, h.V0(Sgsn, ZvSgw1, response).Verdict);
        var t = h.SingleContext();
        Assert.Equal(0, t.Version);
        Assert.Equal(Ggsn, t.AnchorControl.ToString());
    }

    [Fact]
    public void V0SgsnContextAcknowledgeForwardsTPdusByFlowLabel()
    {
        var h = new Harness();
        EstablishV0(h);
        h.V0(YvSgw2, Sgsn, Gtp0.Message(50, 6, 0, new byte[8], Gtp1.Imsi(Imsi), Gtp0.FlowLabelSignalling(0x11), Gtp1.GsnAddress(YvSgw2)));
        h.V0(Sgsn, YvSgw2, Gtp0.Message(51, 6, 0x11, new byte[8], Gtp1.Cause(128), Gtp1.Imsi(Imsi), Gtp1.PdpContextV0(5, 0x201, "100.64.0.3", Ggsn)));
        var forwarded = Gtp0.Message(255, 1, 0x777, Tid, Harness.InnerPacket());
        Assert.Equal(DropReason.NoTunnel, h.V0(Sgsn, YvSgw2, forwarded).Reason);
        var ack = Gtp0.Message(52, 6, 0x12, new byte[8], Gtp1.Cause(128), Gtp0.FlowLabelDataII(5, 0x777), Gtp1.GsnAddress(YvSgw2));
        Assert.Equal(Verdict.Permit, h.V0(YvSgw2, Sgsn, ack).Verdict);
        Assert.Equal(Verdict.Permit, h.V0(Sgsn, YvSgw2, forwarded).Verdict);
        Assert.Equal(1, h.Engine.Tunnels.ForwardingCount);
    }

    [Fact]
    public void V0HeaderLengthMismatchIsDropped()
    {
        var h = new Harness();
        var msg = Gtp0.Message(1, 1, 0, new byte[8]);
        msg[3] = 5;
        Assert.Equal(DropReason.GtpLengthMismatch, h.V0(Sgsn, Ggsn, msg).Reason);
    }
}
