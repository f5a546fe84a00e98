using Gtp.Firewall.Inspection;
using Gtp.Firewall.Tests.Support;
using static Gtp.Firewall.Tests.Support.V1Flow;

namespace Gtp.Firewall.Tests.Packets;

/// <summary>
/// The engine's side of "no fragment without a verdict on its whole datagram": every fragment names its datagram, the
/// fragment that completes or discards it carries the datagram's verdict, and later fragments of a discarded datagram
/// are dropped with their own reason.
/// </summary>
public class FragmentVerdictTests
{
    private static byte[] GPdu(uint teid) => Ip.UdpSegment(2152, 2152, Gtp1.GPdu(teid, Harness.InnerPacket(1200)));

    [Fact]
    public void EveryFragmentNamesItsDatagramAndTheLastCarriesTheDatagramsVerdict()
    {
        var h = new Harness();
        Establish(h);
        var fragments = Ip.V4Fragments(Sgsn, Ggsn, GPdu(0x0BAD), 512);

        var results = fragments.Select(h.Packet).ToList();

        Assert.Equal([Verdict.Buffered, Verdict.Buffered, Verdict.Drop], results.Select(r => r.Verdict));
        Assert.Equal(DropReason.NoTunnel, results[2].Reason);
        Assert.NotEqual(0u, results[0].Datagram);
        Assert.All(results, r => Assert.Equal(results[0].Datagram, r.Datagram));
        Assert.Equal(0u, h.User(Sgsn, Ggsn, Gtp1.GPdu(GgsnTeidU, Harness.InnerPacket(100))).Datagram);
    }

    [Fact]
    public void AnOverlapRewritingTheTeidIntoAKnownTunnelDropsTheDatagramAndItsClosingFragment()
    {
        var h = new Harness();
        Establish(h);
        var unknown = GPdu(0x0BAD);
        var known = GPdu(GgsnTeidU);
        // Fragment 1 (octets 0-511) carries the unknown TEID; fragment 2 restarts at 8 with the known one.
        var first = h.Packet(Ip.V4(Sgsn, Ggsn, unknown[..512], id: 40, moreFragments: true));
        var overlap = h.Packet(Ip.V4(Sgsn, Ggsn, known[8..512], id: 40, moreFragments: true, fragmentOffset: 8));
        var closing = h.Packet(Ip.V4(Sgsn, Ggsn, unknown[512..], id: 40, moreFragments: false, fragmentOffset: 512));

        Assert.Equal(Verdict.Buffered, first.Verdict);
        Assert.Equal((Verdict.Drop, DropReason.FragmentOverlap, first.Datagram), (overlap.Verdict, overlap.Reason, overlap.Datagram));
        Assert.Equal((Verdict.Drop, DropReason.FragmentOfDiscardedDatagram), (closing.Verdict, closing.Reason));
        Assert.Equal(1, h.Engine.Counters.Drops(DropReason.FragmentOfDiscardedDatagram));
        Assert.Equal(0, h.SingleContext().Usage.UplinkBytes);
    }

    [Fact]
    public void ATimedOutDatagramIsCountedAtTheSweepAndReportedForItsHeldFragments()
    {
        var h = new Harness();
        var first = h.Packet(Ip.V4(Sgsn, Ggsn, GPdu(GgsnTeidU)[..512], id: 41, moreFragments: true));

        h.Engine.Sweep((h.Now + TimeSpan.FromSeconds(31)).Ticks);

        Assert.Equal(1, h.Engine.Counters.Drops(DropReason.FragmentTimeout));
        Assert.True(h.Engine.Reassembler.TryTakeDiscarded(out var datagram));
        Assert.Equal(first.Datagram, datagram);
    }

    [Fact]
    public void ARefusedFragmentIsCountedAndItsDatagramDiscarded()
    {
        var h = new Harness();
        var first = h.Packet(Ip.V4(Sgsn, Ggsn, GPdu(GgsnTeidU)[..512], id: 42, moreFragments: true));

        h.Engine.RefuseFragment(first.Datagram);
        var closing = h.Packet(Ip.V4(Sgsn, Ggsn, GPdu(GgsnTeidU)[512..], id: 42, moreFragments: false, fragmentOffset: 512));

        Assert.Equal(1, h.Engine.Counters.Drops(DropReason.FragmentHoldLimit));
        Assert.Equal(DropReason.FragmentOfDiscardedDatagram, closing.Reason);
    }
}
