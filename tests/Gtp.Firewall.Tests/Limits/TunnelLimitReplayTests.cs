using Gtp.Firewall.Inspection;
using Gtp.Firewall.Packets;
using Gtp.Firewall.Tests.Support;
using Gtp.Firewall.Tunnels;

namespace Gtp.Firewall.Tests.Limits;

/// <summary>Junos <c>limit tunnel</c>: contexts per GSN, counted through creates, deletes, handovers, timeouts and restores.</summary>
public class TunnelLimitReplayTests
{
    private const string OtherImsi = "001010000000002";

    private static Harness With(int limit)
    {
        var o = Scenario.Options();
        o.GtpProfiles["Scenario-1"].TunnelLimit = limit;
        return new Harness(o);
    }

    private static byte[] CreatePdp(string imsi, int seq, uint teid) => Gtp1.Control(16, 0, seq,
        Gtp1.Imsi(imsi), Gtp1.TeidDataI(teid), Gtp1.TeidControl(teid), Gtp1.Nsapi(5),
        Gtp1.EndUserDynamic(), Gtp1.Apn("internet"), Gtp1.GsnAddress(V1Flow.Sgsn), Gtp1.GsnAddress(V1Flow.Sgsn));

    private static int Held(Harness h, string address) => h.Engine.Tunnels.Nodes.Tunnels(h.Engine.Tunnels.Nodes.Find(IpAddress128.Parse(address)));

    [Fact]
    public void ASecondContextOverTheLimitIsRefusedUntilTheFirstIsDeleted()
    {
        var h = With(1);
        V1Flow.Establish(h);
        Assert.Equal((1, 1), (Held(h, V1Flow.Sgsn), Held(h, V1Flow.Ggsn)));

        var refused = h.Control(V1Flow.Sgsn, V1Flow.Ggsn, CreatePdp(OtherImsi, 5, 0x51));
        Assert.Equal((Verdict.Drop, DropReason.GsnTunnelLimit), (refused.Verdict, refused.Reason));
        Assert.Equal(1, h.Engine.Counters.Drops(DropReason.GsnTunnelLimit));
        Assert.Equal(0, h.Engine.PendingRequests);

        // A request replacing the subscriber's own context adds none, so it passes.
        Assert.Equal(Verdict.Permit, h.Control(V1Flow.Sgsn, V1Flow.Ggsn, V1Flow.CreatePdpRequest(seq: 6)).Verdict);

        // Delete PDP Context (TS 29.060 §7.3.5/§7.3.6) frees the GSNs' count.
        Assert.Equal(Verdict.Permit, h.Control(V1Flow.Sgsn, V1Flow.Ggsn, Gtp1.Control(20, V1Flow.GgsnTeidC, 7, Gtp1.Nsapi(5))).Verdict);
        Assert.Equal(Verdict.Permit, h.Control(V1Flow.Ggsn, V1Flow.Sgsn, Gtp1.Control(21, V1Flow.SgsnTeidC, 7, Gtp1.Cause(128))).Verdict);
        Assert.Equal((0, 0), (Held(h, V1Flow.Sgsn), Held(h, V1Flow.Ggsn)));
        Assert.Equal(Verdict.Permit, h.Control(V1Flow.Sgsn, V1Flow.Ggsn, CreatePdp(OtherImsi, 8, 0x51)).Verdict);
    }

    [Fact]
    public void AHandoverMovesTheCountToTheNewSgsn()
    {
        var h = With(10);
        V1Flow.Establish(h);
        Assert.Equal(Verdict.Permit, h.Control(V1Flow.NewSgsn, V1Flow.Ggsn, V1Flow.UpdatePdpRequest(V1Flow.NewSgsn)).Verdict);
        Assert.Equal(Verdict.Permit, h.Control(V1Flow.Ggsn, V1Flow.NewSgsn, V1Flow.UpdatePdpResponse()).Verdict);
        Assert.Equal((0, 1, 1), (Held(h, V1Flow.Sgsn), Held(h, V1Flow.NewSgsn), Held(h, V1Flow.Ggsn)));
    }

    [Fact]
    public void AnIdleTimeoutFreesTheCount()
    {
        var h = With(1);
        V1Flow.Establish(h);
        h.Engine.Sweep(h.Now.AddHours(37).Ticks);
        Assert.Equal(0, h.Engine.Tunnels.ContextCount);
        Assert.Equal((0, 0), (Held(h, V1Flow.Sgsn), Held(h, V1Flow.Ggsn)));
    }

    [Fact]
    public void RestoredContextsAreCountedAndForwardingTunnelsAreNot()
    {
        var table = new TunnelTable();
        var sgsn = table.Nodes.GetOrAdd(IpAddress128.Parse(V1Flow.Sgsn));
        var ggsn = table.Nodes.GetOrAdd(IpAddress128.Parse(V1Flow.Ggsn));
        Assert.True(table.Restore(3, new Tunnel { Kind = TunnelKind.Context, ServingControlNode = sgsn, AnchorControlNode = ggsn, Imsi = 1, Nsapi = 5, Generation = 4 }));
        Assert.True(table.Restore(5, new Tunnel { Kind = TunnelKind.Forwarding, ServingControlNode = sgsn, AnchorControlNode = ggsn, Imsi = 1, Nsapi = 6, ServingUserTeid = 9, Generation = 1 }));
        table.CompleteRestore();
        Assert.Equal((1, 1), (table.Nodes.Tunnels(sgsn), table.Nodes.Tunnels(ggsn)));
        table.Remove(3, TunnelDeleteReason.Deleted);
        table.Remove(5, TunnelDeleteReason.ForwardingExpired);
        Assert.Equal((0, 0), (table.Nodes.Tunnels(sgsn), table.Nodes.Tunnels(ggsn)));
    }

    [Fact]
    public void APeerRestartFreesTheCount()
    {
        var h = With(1);
        V1Flow.Establish(h);
        // Echo Request with another Recovery value (TS 29.060 §7.7.11): the SGSN restarted, its contexts go.
        h.Control(V1Flow.Sgsn, V1Flow.Ggsn, Gtp1.Control(1, 0, 9, Gtp1.Recovery(2)));
        Assert.Equal((0, 0), (Held(h, V1Flow.Sgsn), Held(h, V1Flow.Ggsn)));
    }
}
