using Gtp.Firewall.Handover;
using Gtp.Firewall.Inspection;
using Gtp.Firewall.Logging;
using Gtp.Firewall.Tests.Support;
using Gtp.Firewall.Tunnels;
using static Gtp.Firewall.Tests.Support.Scenario;

namespace Gtp.Firewall.Tests;

/// <summary>handover-on-roaming-intf: contexts from SGSN Context / Context / Forward Relocation messages (docs/gtp-firewall.md §3).</summary>
public class HandoverOnRoamingTests
{
    private const string OldSgsn = YvSgw1;
    private const string NewSgsn = ZvSgw1;
    private const uint GgsnTeidC = 0x7001;
    private const uint GgsnTeidU = 0x7002;
    private const uint ForwardingTeid = 0x9009;

    private static void SgsnContextExchange(Harness h, int cause = 128)
    {
        var request = Gtp1.Control(50, 0, 40, Gtp1.Imsi(Imsi), Gtp1.TeidControl(0x51), Gtp1.GsnAddress(NewSgsn));
        Assert.Equal(Verdict.Permit, h.Control(NewSgsn, OldSgsn, request).Verdict);
        var response = Gtp1.Control(51, 0x51, 40, Gtp1.Cause(cause), Gtp1.Imsi(Imsi), Gtp1.TeidControl(0x61),
            Gtp1.Tlv(129, new byte[] { 0x00, 0x49, 1, 2, 3, 4, 5, 6, 7, 8, 0, 0, 0, 0 }),   // MM Context, skipped by length
            Gtp1.PdpContext(5, GgsnTeidC, GgsnTeidU, "100.64.0.7", XhPgw, XhPgw),
            Gtp1.GsnAddress(OldSgsn));
        Assert.Equal(Verdict.Permit, h.Control(OldSgsn, NewSgsn, response).Verdict);
    }

    private static byte[] UpdateFromNewSgsn() => Gtp1.Control(18, GgsnTeidC, 41,
        Gtp1.TeidDataI(0x81), Gtp1.TeidControl(0x82), Gtp1.Nsapi(5), Gtp1.GsnAddress(NewSgsn), Gtp1.GsnAddress(NewSgsn));

    [Fact]
    public void SgsnContextResponseSetsUpTheContextSoTheFollowingUpdateIsInspectedAgainstIt()
    {
        var h = new Harness();
        SgsnContextExchange(h);
        var t = h.SingleContext();
        Assert.Equal(Imsi, t.ImsiDigits);
        Assert.Equal(XhPgw, t.AnchorControl.ToString());
        Assert.Equal(GgsnTeidC, t.AnchorControlTeid);
        Assert.Equal(GgsnTeidU, t.AnchorUserTeid);
        Assert.Equal(OldSgsn, t.ServingControl.ToString());
        Assert.Equal("internet", t.Apn);
        Assert.Equal("100.64.0.7", t.EndUser.ToString());

        var update = h.Control(NewSgsn, XhPgw, UpdateFromNewSgsn());
        Assert.Equal(Verdict.Permit, update.Verdict);
        Assert.Equal(HandoverDecision.Allowed, update.Handover);
        Assert.Equal(Verdict.Permit, h.Control(XhPgw, NewSgsn, Gtp1.Control(19, 0x82, 41, Gtp1.Cause(128))).Verdict);
        Assert.Equal(NewSgsn, h.SingleContext().ServingControl.ToString());
        Assert.Equal(Verdict.Permit, h.User(NewSgsn, XhPgw, Gtp1.GPdu(GgsnTeidU, Harness.InnerPacket())).Verdict);
        Assert.Equal(Verdict.Permit, h.User(XhPgw, NewSgsn, Gtp1.GPdu(0x81, Harness.InnerPacket())).Verdict);
        Assert.Equal(3, h.Log.Count(l => l.Kind == FirewallLogKind.Handover));
    }

    [Fact]
    public void WithoutHandoverOnRoamingTheMessagesAreInspectedButSetNothingUp()
    {
        var h = new Harness(Options(handoverOnRoaming: false));
        SgsnContextExchange(h);
        Assert.Equal(0, h.Engine.Tunnels.Count);
        Assert.Equal(DropReason.NoTunnel, h.Control(NewSgsn, XhPgw, UpdateFromNewSgsn()).Reason);
        Assert.Equal(2, h.Engine.Counters.HandoverAllowed);
    }

    [Fact]
    public void SgsnContextRequestBetweenGroupsIsDenied()
    {
        var h = new Harness(WithSecondGroup(Options()));
        var request = Gtp1.Control(50, 0, 40, Gtp1.Imsi(Imsi), Gtp1.TeidControl(0x51), Gtp1.GsnAddress(NewSgsn));
        var r = h.Control(NewSgsn, OldSgsn, request);
        Assert.Equal(DropReason.HandoverDenied, r.Reason);
        Assert.Contains(h.Log, l => l.Kind == FirewallLogKind.Handover && l.CurrentNode.ToString() == OldSgsn && l.ProposedNode.ToString() == NewSgsn);
    }

    [Fact]
    public void SgsnContextAcknowledgeInstallsAForwardingTunnelClosedByEndMarker()
    {
        var h = new Harness();
        SgsnContextExchange(h);
        var ack = Gtp1.Control(52, 0x61, 40, Gtp1.Cause(128), Gtp1.TeidDataII(5, ForwardingTeid), Gtp1.GsnAddress(NewSgsn));
        Assert.Equal(Verdict.Permit, h.Control(NewSgsn, OldSgsn, ack).Verdict);
        Assert.Equal(1, h.Engine.Tunnels.ForwardingCount);

        Assert.Equal(Verdict.Permit, h.User(OldSgsn, NewSgsn, Gtp1.GPdu(ForwardingTeid, Harness.InnerPacket())).Verdict);
        Assert.Equal(Verdict.Permit, h.User(OldSgsn, NewSgsn, Gtp1.UserMessage(254, ForwardingTeid)).Verdict);
        Assert.Equal(0, h.Engine.Tunnels.ForwardingCount);
        Assert.Equal(DropReason.NoTunnel, h.User(OldSgsn, NewSgsn, Gtp1.GPdu(ForwardingTeid, Harness.InnerPacket())).Reason);
    }

    [Fact]
    public void ForwardingTunnelsExpireWithoutEndMarker()
    {
        var h = new Harness();
        SgsnContextExchange(h);
        h.Control(NewSgsn, OldSgsn, Gtp1.Control(52, 0x61, 40, Gtp1.Cause(128), Gtp1.TeidDataII(5, ForwardingTeid), Gtp1.GsnAddress(NewSgsn)));
        h.Now += TimeSpan.FromSeconds(61);
        Assert.Equal(DropReason.NoTunnel, h.User(OldSgsn, NewSgsn, Gtp1.GPdu(ForwardingTeid, Harness.InnerPacket())).Reason);
        Assert.Equal(0, h.Engine.Tunnels.ForwardingCount);
        Assert.Equal(1, h.Engine.Tunnels.ContextCount);
    }

    [Fact]
    public void ForwardRelocationSetsUpContextsOnTheAcceptedResponseWithAForwardingTunnel()
    {
        var h = new Harness();
        var request = Gtp1.Control(53, 0, 60, Gtp1.Imsi(Imsi), Gtp1.TeidControl(0x91),
            Gtp1.PdpContext(6, GgsnTeidC, GgsnTeidU, "100.64.0.8", XhPgw, XhPgw), Gtp1.GsnAddress(OldSgsn));
        var r = h.Control(OldSgsn, NewSgsn, request);
        Assert.Equal(Verdict.Permit, r.Verdict);
        Assert.Equal(HandoverDecision.Allowed, r.Handover);
        Assert.Equal(0, h.Engine.Tunnels.Count);
        var response = Gtp1.Control(54, 0x91, 60, Gtp1.Cause(128), Gtp1.TeidControl(0x92), Gtp1.TeidDataII(6, ForwardingTeid),
            Gtp1.GsnAddress(NewSgsn), Gtp1.GsnAddress(NewSgsn));
        Assert.Equal(Verdict.Permit, h.Control(NewSgsn, OldSgsn, response).Verdict);
        Assert.Equal(1, h.Engine.Tunnels.ContextCount);
        Assert.Equal(1, h.Engine.Tunnels.ForwardingCount);
        Assert.Equal(Verdict.Permit, h.Control(NewSgsn, OldSgsn, Gtp1.Control(55, 0x91, 61, Gtp1.Imsi(Imsi))).Verdict);
        Assert.Equal(Verdict.Permit, h.Control(OldSgsn, NewSgsn, Gtp1.Control(59, 0x92, 61, Gtp1.Cause(128))).Verdict);
    }

    [Fact]
    public void MalformedPdpContextIsDropped()
    {
        var h = new Harness();
        h.Control(NewSgsn, OldSgsn, Gtp1.Control(50, 0, 40, Gtp1.Imsi(Imsi), Gtp1.TeidControl(0x51), Gtp1.GsnAddress(NewSgsn)));
        var pdp = Gtp1.PdpContext(5, GgsnTeidC, GgsnTeidU, "100.64.0.7", XhPgw, XhPgw);
        pdp[^17] = 200; // a GGSN address length past the IE (osmo-ggsn 6c322f4)
        var response = Gtp1.Control(51, 0x51, 40, Gtp1.Cause(128), Gtp1.Imsi(Imsi), pdp);
        Assert.Equal(DropReason.IeMalformed, h.Control(OldSgsn, NewSgsn, response).Reason);
        Assert.Equal(0, h.Engine.Tunnels.Count);
    }

    [Fact]
    public void V2ContextResponseSetsUpBearersAndTheAcknowledgeForwardingTunnels()
    {
        var h = new Harness();
        var request = Gtp2.Message(130, 0, 70, Gtp2.Imsi(Imsi), Gtp2.FTeid(0, 12, 0xA1, ZvMme1));
        Assert.Equal(Verdict.Permit, h.Control(ZvMme1, YvMme1, request).Verdict);
        var response = Gtp2.Message(131, 0xA1, 70,
            Gtp2.Cause(16), Gtp2.Imsi(Imsi),
            Gtp2.FTeid(0, 12, 0xB1, YvMme1),
            Gtp2.FTeid(1, 11, 0xC1, YvSgw1),                                   // SGW S11/S4 F-TEID
            Gtp2.PdnConnection(0,
                Gtp2.IpAddress("100.64.0.5"), Gtp2.Ebi(5),
                Gtp2.FTeid(0, 7, V2Flow.PgwTeidC, XhPgw),                      // PGW S5/S8 GTP-C
                Gtp2.BearerContext(0, Gtp2.Ebi(5), Gtp2.FTeid(0, 1, V2Flow.SgwTeidU, YvSgw1), Gtp2.FTeid(1, 5, V2Flow.PgwTeidU, XhPgw))));
        Assert.Equal(Verdict.Permit, h.Control(YvMme1, ZvMme1, response).Verdict);
        var t = h.SingleContext();
        Assert.Equal(2, t.Version);
        Assert.Equal(V2Flow.PgwTeidC, t.AnchorControlTeid);
        Assert.Equal(YvSgw1, t.ServingControl.ToString());

        var ack = Gtp2.Message(132, 0xB1, 70, Gtp2.Cause(16),
            Gtp2.BearerContext(0, Gtp2.Ebi(5), Gtp2.FTeid(0, 23, 0xD5, ZvSgw1)));
        Assert.Equal(Verdict.Permit, h.Control(ZvMme1, YvMme1, ack).Verdict);
        Assert.Equal(1, h.Engine.Tunnels.ForwardingCount);
        Assert.Equal(Verdict.Permit, h.User(YvSgw1, ZvSgw1, Gtp1.GPdu(0xD5, Harness.InnerPacket())).Verdict);

        // The new SGW's Modify Bearer is now inspected against the bearer set up from the Context Response.
        var mbr = h.Control(ZvSgw1, XhPgw, V2Flow.ModifyBearerRequest(ZvSgw1));
        Assert.Equal(Verdict.Permit, mbr.Verdict);
        Assert.Equal(HandoverDecision.Allowed, mbr.Handover);
        Assert.Equal(Verdict.Permit, h.Control(XhPgw, ZvSgw1, V2Flow.ModifyBearerResponse()).Verdict);
        Assert.Equal(Verdict.Permit, V2Flow.Uplink(h, ZvSgw1).Verdict);
    }

    [Fact]
    public void V2ForwardRelocationRequestContextsAreCommittedOnTheResponse()
    {
        var h = new Harness();
        var request = Gtp2.Message(133, 0, 80, Gtp2.Imsi(Imsi), Gtp2.FTeid(0, 12, 0xA2, YvMme1),
            Gtp2.PdnConnection(0, Gtp2.FTeid(0, 7, V2Flow.PgwTeidC, XhPgw),
                Gtp2.BearerContext(0, Gtp2.Ebi(6), Gtp2.FTeid(0, 1, 0x66, YvSgw1), Gtp2.FTeid(1, 5, 0x67, XhPgw))));
        Assert.Equal(Verdict.Permit, h.Control(YvMme1, ZvMme1, request).Verdict);
        Assert.Equal(0, h.Engine.Tunnels.Count);
        var response = Gtp2.Message(134, 0xA2, 80, Gtp2.Cause(16), Gtp2.FTeid(0, 12, 0xA3, ZvMme1),
            Gtp2.BearerContext(0, Gtp2.Ebi(6), Gtp2.FTeid(3, 23, 0x77, ZvSgw1)));
        Assert.Equal(Verdict.Permit, h.Control(ZvMme1, YvMme1, response).Verdict);
        Assert.Equal(1, h.Engine.Tunnels.ContextCount);
        Assert.Equal(1, h.Engine.Tunnels.ForwardingCount);
        Assert.Equal(Verdict.Permit, h.Control(ZvMme1, YvMme1, Gtp2.Message(135, 0xA2, 81)).Verdict);
        Assert.Equal(Verdict.Permit, h.Control(YvMme1, ZvMme1, Gtp2.Message(136, 0xA3, 81, Gtp2.Cause(16))).Verdict);
    }

    [Fact]
    public void V2ContextResponseWithoutHandoverOnRoamingSetsNothingUp()
    {
        var h = new Harness(Options(handoverOnRoaming: false));
        h.Control(ZvMme1, YvMme1, Gtp2.Message(130, 0, 70, Gtp2.Imsi(Imsi), Gtp2.FTeid(0, 12, 0xA1, ZvMme1)));
        var response = Gtp2.Message(131, 0xA1, 70, Gtp2.Cause(16), Gtp2.Imsi(Imsi),
            Gtp2.PdnConnection(0, Gtp2.FTeid(0, 7, V2Flow.PgwTeidC, XhPgw),
                Gtp2.BearerContext(0, Gtp2.Ebi(5), Gtp2.FTeid(0, 1, V2Flow.SgwTeidU, YvSgw1), Gtp2.FTeid(1, 5, V2Flow.PgwTeidU, XhPgw))));
        Assert.Equal(Verdict.Permit, h.Control(YvMme1, ZvMme1, response).Verdict);
        Assert.Equal(0, h.Engine.Tunnels.Count);
        Assert.Equal(DropReason.NoTunnel, h.Control(ZvSgw1, XhPgw, V2Flow.ModifyBearerRequest(ZvSgw1)).Reason);
    }

    [Fact]
    public void V2ContextRequestBetweenGroupsIsDenied()
    {
        var h = new Harness(WithSecondGroup(Options()));
        var request = Gtp2.Message(130, 0, 70, Gtp2.Imsi(Imsi), Gtp2.FTeid(0, 12, 0xA1, ZvMme1));
        Assert.Equal(DropReason.HandoverDenied, h.Control(ZvMme1, YvMme1, request).Reason);
    }
}
