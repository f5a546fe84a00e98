using Gtp.Firewall.Inspection;
using Gtp.Firewall.Tests.Support;
using Gtp.Firewall.Tunnels;
using static Gtp.Firewall.Tests.Support.Scenario;

namespace Gtp.Firewall.Tests;

/// <summary>
/// Forwarding tunnels from SRNS relocation (RAB Setup Information, TS 29.060 §7.7.39) and the sender they accept
/// (docs/gtp-firewall.md, "Forwarding tunnels"). IEs under test are hand-written hex.
/// </summary>
public class ForwardingTunnelTests
{
    private const string OldSgsn = V1Flow.Sgsn;       // 20.20.20.10, serving the context (control and user)
    private const string NewSgsn = ZvSgw1;            // 30.30.30.10
    private const string TargetRnc = "30.30.30.11";   // Z-vSGW-2's address stands in for the target RNC
    private const string Stranger = "30.30.30.2";
    private const uint RncTeid = 0xABCD;

    // RAB Setup Information (146 = 0x92), length 9: NSAPI 5, TEID Data I 0x0000ABCD, RNC 30.30.30.11.
    private static readonly byte[] RabSetupNsapi5 = Convert.FromHexString("920009050000ABCD1E1E1E0B");
    // Release form, length 1: NSAPI 6 only.
    private static readonly byte[] RabReleaseNsapi6 = Convert.FromHexString("92000106");

    private static Harness Relocated(params byte[][] rabs)
    {
        var h = new Harness();
        V1Flow.Establish(h);
        var request = Gtp1.Control(53, 0, 60, Gtp1.Imsi(Imsi), Gtp1.TeidControl(0x91),
            Gtp1.PdpContext(5, V1Flow.GgsnTeidC, V1Flow.GgsnTeidU, "100.64.0.9", XhPgw, XhPgw), Gtp1.GsnAddress(OldSgsn));
        Assert.Equal(Verdict.Permit, h.Control(OldSgsn, NewSgsn, request).Verdict);
        var response = Gtp1.Control(54, 0x91, 60, [Gtp1.Cause(128), Gtp1.TeidControl(0x92), .. rabs, Gtp1.GsnAddress(NewSgsn)]);
        Assert.Equal(Verdict.Permit, h.Control(NewSgsn, OldSgsn, response).Verdict);
        return h;
    }

    private static TunnelInfo Forwarding(Harness h) => h.Engine.Tunnels.Enumerate().Single(t => t.Kind == TunnelKind.Forwarding);

    [Fact]
    public void RabSetupInformationCreatesAForwardingTunnelToTheTargetRncThatCountsForwardedOctets()
    {
        var h = Relocated(RabSetupNsapi5);
        var f = Forwarding(h);
        Assert.Equal(TargetRnc, f.ServingUser.ToString());
        Assert.Equal(RncTeid, f.ServingUserTeid);
        Assert.Equal(5, f.Nsapi);
        Assert.Equal(1, h.Engine.Counters.ForwardingCreated(ForwardingSource.RabSetupInformation));

        Assert.Equal(Verdict.Permit, h.User(OldSgsn, TargetRnc, Gtp1.GPdu(RncTeid, Harness.InnerPacket(100))).Verdict);
        Assert.Equal(Verdict.Permit, h.User(OldSgsn, TargetRnc, Gtp1.GPdu(RncTeid, Harness.InnerPacket(60))).Verdict);
        var usage = Forwarding(h).Usage;
        Assert.Equal(2, usage.DownlinkPackets);
        Assert.Equal(160, usage.DownlinkBytes);
    }

    [Fact]
    public void ForwardedDataFromAnotherNodeIsDroppedAndNotCounted()
    {
        var h = Relocated(RabSetupNsapi5);
        var r = h.User(Stranger, TargetRnc, Gtp1.GPdu(RncTeid, Harness.InnerPacket()));
        Assert.Equal(DropReason.ForwardingSenderMismatch, r.Reason);
        Assert.Equal(0, Forwarding(h).Usage.DownlinkPackets);
        Assert.Equal(1, h.Engine.Counters.Drops(DropReason.ForwardingSenderMismatch));
    }

    [Fact]
    public void ReleaseFormCreatesNothing()
    {
        var h = Relocated(RabReleaseNsapi6);
        Assert.Equal(0, h.Engine.Tunnels.ForwardingCount);
        Assert.Equal(1, h.Engine.Tunnels.ContextCount);
    }

    [Fact]
    public void MalformedRabSetupInformationDropsTheResponseAndCommitsNothing()
    {
        var h = new Harness();
        V1Flow.Establish(h);
        h.Control(OldSgsn, NewSgsn, Gtp1.Control(53, 0, 60, Gtp1.Imsi(Imsi), Gtp1.TeidControl(0x91), Gtp1.GsnAddress(OldSgsn)));
        // Length 5: NSAPI and TEID but no address.
        var response = Gtp1.Control(54, 0x91, 60, Gtp1.Cause(128), Convert.FromHexString("9200050500001234"));
        Assert.Equal(DropReason.IeMalformed, h.Control(NewSgsn, OldSgsn, response).Reason);
        Assert.Equal(0, h.Engine.Tunnels.ForwardingCount);
    }

    [Fact]
    public void EndMarkerFromTheOldSideClosesTheTunnelButNotFromAnotherNode()
    {
        var h = Relocated(RabSetupNsapi5);
        Assert.Equal(DropReason.ForwardingSenderMismatch, h.User(Stranger, TargetRnc, Gtp1.UserMessage(254, RncTeid)).Reason);
        Assert.Equal(1, h.Engine.Tunnels.ForwardingCount);
        Assert.Equal(Verdict.Permit, h.User(OldSgsn, TargetRnc, Gtp1.UserMessage(254, RncTeid)).Verdict);
        Assert.Equal(0, h.Engine.Tunnels.ForwardingCount);
        Assert.Equal(1, h.Engine.Counters.ForwardingDeleted(TunnelDeleteReason.EndMarker));
        Assert.Equal(DropReason.NoTunnel, h.User(OldSgsn, TargetRnc, Gtp1.GPdu(RncTeid, Harness.InnerPacket())).Reason);
    }

    [Fact]
    public void TheTunnelExpiresAfterTheForwardingLifetime()
    {
        var h = Relocated(RabSetupNsapi5);
        h.Now += TimeSpan.FromSeconds(61);
        Assert.Equal(DropReason.NoTunnel, h.User(OldSgsn, TargetRnc, Gtp1.GPdu(RncTeid, Harness.InnerPacket())).Reason);
        Assert.Equal(0, h.Engine.Tunnels.ForwardingCount);
        Assert.Equal(1, h.Engine.Counters.ForwardingDeleted(TunnelDeleteReason.ForwardingExpired));
    }

    [Fact]
    public void SgsnContextAcknowledgeTunnelAcceptsOnlyTheOldSgsn()
    {
        var h = new Harness();
        V1Flow.Establish(h);
        h.Control(NewSgsn, OldSgsn, Gtp1.Control(50, 0, 40, Gtp1.Imsi(Imsi), Gtp1.TeidControl(0x51), Gtp1.GsnAddress(NewSgsn)));
        h.Control(OldSgsn, NewSgsn, Gtp1.Control(51, 0x51, 40, Gtp1.Cause(128), Gtp1.Imsi(Imsi), Gtp1.TeidControl(0x61), Gtp1.GsnAddress(OldSgsn)));
        // TEID Data II (18): NSAPI 5, TEID 0x00009009; SGSN Address for user traffic 30.30.30.10.
        var ack = Gtp1.Control(52, 0x61, 40, Gtp1.Cause(128), Convert.FromHexString("120500009009"), Convert.FromHexString("8500041E1E1E0A"));
        Assert.Equal(Verdict.Permit, h.Control(NewSgsn, OldSgsn, ack).Verdict);
        Assert.Equal(DropReason.ForwardingSenderMismatch, h.User(Stranger, NewSgsn, Gtp1.GPdu(0x9009, Harness.InnerPacket())).Reason);
        Assert.Equal(Verdict.Permit, h.User(OldSgsn, NewSgsn, Gtp1.GPdu(0x9009, Harness.InnerPacket())).Verdict);
    }
}
