using Gtp.Firewall.Handover;
using Gtp.Firewall.Inspection;
using Gtp.Firewall.Tests.Support;
using Gtp.Firewall.Tunnels;
using static Gtp.Firewall.Tests.Support.V1Flow;

namespace Gtp.Firewall.Tests;

public class GtpV1ControlTests
{
    [Fact]
    public void AcceptedCreatePdpContextCreatesATunnelKeyedPerDirection()
    {
        var h = new Harness();
        Establish(h);
        var t = h.SingleContext();
        Assert.Equal(1, t.Version);
        Assert.Equal(Scenario.Imsi, t.ImsiDigits);
        Assert.Equal(5, t.Nsapi);
        Assert.Equal(SgsnTeidU, t.ServingUserTeid);
        Assert.Equal(GgsnTeidU, t.AnchorUserTeid);
        Assert.Equal("100.64.0.9", t.EndUser.ToString());
        Assert.Equal("internet.mnc001.mcc001.gprs", t.Apn);
        Assert.Equal(Verdict.Permit, h.User(Sgsn, Ggsn, Gtp1.GPdu(GgsnTeidU, Harness.InnerPacket(100))).Verdict);
        Assert.Equal(Verdict.Permit, h.User(Ggsn, Sgsn, Gtp1.GPdu(SgsnTeidU, Harness.InnerPacket(200))).Verdict);
        Assert.Equal(new TunnelUsage(1, 100, 1, 200), h.SingleContext().Usage);
        Assert.Contains(h.Events, e => e.Event == "created");
    }

    [Fact]
    public void RejectedCreatePdpContextCreatesNothing()
    {
        var h = new Harness();
        h.Control(Sgsn, Ggsn, CreatePdpRequest());
        Assert.Equal(Verdict.Permit, h.Control(Ggsn, Sgsn, CreatePdpResponse(cause: 199)).Verdict);
        Assert.Equal(0, h.Engine.Tunnels.Count);
    }

    [Fact]
    public void ResponseWithoutRequestIsDropped()
    {
        var h = new Harness();
        Assert.Equal(DropReason.UnmatchedResponse, h.Control(Ggsn, Sgsn, CreatePdpResponse()).Reason);
        // Matching is by sequence number + peer: another sequence number does not match either.
        h.Control(Sgsn, Ggsn, CreatePdpRequest(seq: 9));
        Assert.Equal(DropReason.UnmatchedResponse, h.Control(Ggsn, Sgsn, CreatePdpResponse(seq: 10)).Reason);
    }

    [Fact]
    public void UpdateFromANewSgsnInTheSameGroupIsAllowedAndCommittedOnTheResponse()
    {
        var h = new Harness();
        Establish(h);
        var update = h.Control(NewSgsn, Ggsn, UpdatePdpRequest(NewSgsn));
        Assert.Equal(Verdict.Permit, update.Verdict);
        Assert.Equal(HandoverDecision.Allowed, update.Handover);
        // Not committed before the response.
        Assert.Equal(Sgsn, h.SingleContext().ServingControl.ToString());
        Assert.Equal(Verdict.Permit, h.Control(Ggsn, NewSgsn, UpdatePdpResponse()).Verdict);
        Assert.Equal(NewSgsn, h.SingleContext().ServingControl.ToString());
        Assert.Equal(Verdict.Permit, h.User(NewSgsn, Ggsn, Gtp1.GPdu(GgsnTeidU, Harness.InnerPacket())).Verdict);
        Assert.Equal(Verdict.Permit, h.User(Ggsn, NewSgsn, Gtp1.GPdu(0x32, Harness.InnerPacket())).Verdict);
        Assert.Equal(DropReason.NoTunnel, h.User(Ggsn, Sgsn, Gtp1.GPdu(SgsnTeidU, Harness.InnerPacket())).Reason);
    }

    [Fact]
    public void UpdateFromASgsnInAnotherGroupIsDroppedAndTheContextStays()
    {
        var h = new Harness(Scenario.WithSecondGroup(Scenario.Options()));
        Establish(h);
        var update = h.Control(Scenario.ZvSgw1, Ggsn, UpdatePdpRequest(Scenario.ZvSgw1));
        Assert.Equal(DropReason.HandoverDenied, update.Reason);
        Assert.Equal(Sgsn, h.SingleContext().ServingControl.ToString());
        Assert.Equal(DropReason.NoTunnel, h.User(Scenario.ZvSgw1, Ggsn, Gtp1.GPdu(GgsnTeidU, Harness.InnerPacket())).Reason);
        Assert.Equal(Verdict.Permit, h.User(Sgsn, Ggsn, Gtp1.GPdu(GgsnTeidU, Harness.InnerPacket())).Verdict);
    }

    [Fact]
    public void UpdateForAnUnknownTeidIsDropped()
    {
        var h = new Harness();
        Assert.Equal(DropReason.NoTunnel, h.Control(NewSgsn, Ggsn, UpdatePdpRequest(NewSgsn)).Reason);
    }

    [Fact]
    public void DeletePdpContextRemovesTheTunnelOnTheAcceptedResponse()
    {
        var h = new Harness();
        Establish(h);
        Assert.Equal(Verdict.Permit, h.Control(Sgsn, Ggsn, Gtp1.Control(20, GgsnTeidC, 3, Gtp1.Nsapi(5))).Verdict);
        Assert.Equal(1, h.Engine.Tunnels.Count);
        Assert.Equal(Verdict.Permit, h.Control(Ggsn, Sgsn, Gtp1.Control(21, SgsnTeidC, 3, Gtp1.Cause(128))).Verdict);
        Assert.Equal(0, h.Engine.Tunnels.Count);
        Assert.Equal(DropReason.NoTunnel, h.User(Sgsn, Ggsn, Gtp1.GPdu(GgsnTeidU, Harness.InnerPacket())).Reason);
        Assert.Contains(h.Events, e => e.Event == "deleted:Deleted");
    }

    [Fact]
    public void RecoveryChangeDeletesTheRestartedPeersTunnels()
    {
        var h = new Harness();
        Establish(h);
        // Echo Request from the SGSN with a new restart counter (was 1 in Create PDP Context Request).
        Assert.Equal(Verdict.Permit, h.Control(Sgsn, Ggsn, Gtp1.Control(1, 0, 50, Gtp1.Recovery(2))).Verdict);
        Assert.Equal(0, h.Engine.Tunnels.Count);
        Assert.Contains(h.Events, e => e.Event == "deleted:PeerRestart");
    }

    [Fact]
    public void IdleTunnelsExpireAfterTheTimeout()
    {
        var h = new Harness();
        Establish(h);
        h.Now += TimeSpan.FromHours(35);
        Assert.Equal(Verdict.Permit, h.User(Sgsn, Ggsn, Gtp1.GPdu(GgsnTeidU, Harness.InnerPacket())).Verdict);
        h.Now += TimeSpan.FromHours(36) + TimeSpan.FromMinutes(1);
        Assert.Equal(DropReason.NoTunnel, h.User(Sgsn, Ggsn, Gtp1.GPdu(GgsnTeidU, Harness.InnerPacket())).Reason);
        Assert.Equal(0, h.Engine.Tunnels.Count);
    }

    [Fact]
    public void IdleTimeoutComesFromConfiguration()
    {
        var o = Scenario.Options();
        o.TunnelIdleTimeout = TimeSpan.FromMinutes(5);
        var h = new Harness(o);
        Establish(h);
        h.Now += TimeSpan.FromMinutes(6);
        h.Engine.Sweep(h.Now.Ticks);
        Assert.Equal(0, h.Engine.Tunnels.Count);
    }

    [Fact]
    public void GtpV1ControlWithoutSequenceFlagIsMalformed()
    {
        var h = new Harness();
        var echo = new ByteBuilder().U8(0x30).U8(1).U16(0).U32(0).ToArray();
        Assert.Equal(DropReason.GtpHeaderMalformed, h.Control(Sgsn, Ggsn, echo).Reason);
    }

    [Fact]
    public void UnknownTvIeIsMalformed()
    {
        var h = new Harness();
        var msg = Gtp1.Control(16, 0, 1, Gtp1.Imsi(Scenario.Imsi), [100, 1, 2, 3]);
        Assert.Equal(DropReason.UnknownTvIe, h.Control(Sgsn, Ggsn, msg).Reason);
    }

    [Fact]
    public void GsnAddressWithBadLengthIsMalformed()
    {
        var h = new Harness();
        var msg = Gtp1.Control(16, 0, 1, Gtp1.Imsi(Scenario.Imsi), Gtp1.Tlv(133, new byte[17]));
        Assert.Equal(DropReason.IeMalformed, h.Control(Sgsn, Ggsn, msg).Reason);
    }

    [Fact]
    public void UnknownMessageTypeIsDropped()
    {
        var h = new Harness();
        Assert.Equal(DropReason.UnknownMessageType, h.Control(Sgsn, Ggsn, Gtp1.Control(200, 0, 1)).Reason);
    }
}
