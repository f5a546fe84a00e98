using Gtp.Firewall.Inspection;
using Gtp.Firewall.Tests.Support;
using static Gtp.Firewall.Tests.Support.V1Flow;

namespace Gtp.Firewall.Tests;

/// <summary>IP/UDP decoding, fragment reassembly (bounded), zones and policies.</summary>
public class PacketLayerTests
{
    private static byte[] LargeGPdu() => Ip.UdpSegment(2152, 2152, Gtp1.GPdu(GgsnTeidU, Harness.InnerPacket(1200)));

    [Fact]
    public void IPv4FragmentsAreReassembledBeforeInspection()
    {
        var h = new Harness();
        Establish(h);
        var fragments = Ip.V4Fragments(Sgsn, Ggsn, LargeGPdu(), 512);
        Assert.Equal(3, fragments.Count);
        Assert.Equal(Verdict.Buffered, h.Packet(fragments[0]).Verdict);
        Assert.Equal(Verdict.Buffered, h.Packet(fragments[2]).Verdict);
        var last = h.Packet(fragments[1]);
        Assert.Equal(Verdict.Permit, last.Verdict);
        Assert.Equal(1200, h.SingleContext().Usage.UplinkBytes);
        Assert.Equal(0, h.Engine.Reassembler.InProgress);
    }

    [Fact]
    public void IPv6FragmentsAreReassembledBeforeInspection()
    {
        var h = new Harness();
        const string sgsn6 = "2001:db8:2::10";
        const string ggsn6 = "2001:db8:1::2";
        h.Control(sgsn6, ggsn6, CreatePdpRequest(sgsn6));
        h.Control(ggsn6, sgsn6, Gtp1.Control(17, SgsnTeidC, 1, Gtp1.Cause(128), Gtp1.TeidDataI(GgsnTeidU), Gtp1.TeidControl(GgsnTeidC), Gtp1.GsnAddress(ggsn6), Gtp1.GsnAddress(ggsn6)));
        var segment = LargeGPdu();
        Assert.Equal(Verdict.Buffered, h.Packet(Ip.V6Fragment(sgsn6, ggsn6, segment[..800], 5, 0, more: true)).Verdict);
        Assert.Equal(Verdict.Permit, h.Packet(Ip.V6Fragment(sgsn6, ggsn6, segment[800..], 5, 800, more: false)).Verdict);
    }

    [Fact]
    public void OverlappingFragmentsDiscardTheDatagram()
    {
        var h = new Harness();
        var segment = LargeGPdu();
        h.Packet(Ip.V4(Sgsn, Ggsn, segment[..512], id: 9, moreFragments: true, fragmentOffset: 0));
        var r = h.Packet(Ip.V4(Sgsn, Ggsn, segment[256..768], id: 9, moreFragments: true, fragmentOffset: 256));
        Assert.Equal(DropReason.FragmentOverlap, r.Reason);
        Assert.Equal(0, h.Engine.Reassembler.InProgress);
    }

    [Fact]
    public void FragmentBuffersAreBoundedAndTimeOut()
    {
        var h = new Harness();
        var max = h.Engine.Reassembler.MaxDatagrams;
        for (var i = 0; i < max; i++)
        {
            Assert.Equal(Verdict.Buffered, h.Packet(Ip.V4(Sgsn, Ggsn, new byte[64], id: i, moreFragments: true)).Verdict);
        }
        Assert.Equal(DropReason.FragmentLimitExceeded, h.Packet(Ip.V4(Sgsn, Ggsn, new byte[64], id: 60000, moreFragments: true)).Reason);
        h.Now += TimeSpan.FromSeconds(31);
        Assert.Equal(Verdict.Buffered, h.Packet(Ip.V4(Sgsn, Ggsn, new byte[64], id: 60001, moreFragments: true)).Verdict);
        Assert.Equal(1, h.Engine.Reassembler.InProgress);
        Assert.True(h.Engine.Reassembler.BufferedBytes <= 64);
    }

    [Fact]
    public void AFragmentPastTheMaximumDatagramIsDropped()
    {
        var h = new Harness();
        Assert.Equal(DropReason.FragmentLimitExceeded, h.Packet(Ip.V4(Sgsn, Ggsn, new byte[64], id: 3, moreFragments: false, fragmentOffset: 65_528)).Reason);
    }

    [Fact]
    public void TruncatedIpAndUdpHeadersAreDropped()
    {
        var h = new Harness();
        var packet = Ip.Udp(Sgsn, Ggsn, 2152, 2152, Gtp1.GPdu(1, new byte[10]));
        Assert.Equal(DropReason.IpMalformed, h.Packet(packet[..10]).Reason);
        packet[3] = 200; // IPv4 Total Length beyond the capture
        Assert.Equal(DropReason.IpMalformed, h.Packet(packet).Reason);
        var badUdp = Ip.V4(Sgsn, Ggsn, new ByteBuilder().U16(2152).U16(2152).U16(500).U16(0).Zeros(8));
        Assert.Equal(DropReason.UdpMalformed, h.Packet(badUdp).Reason);
    }

    [Fact]
    public void NonGtpTrafficIsNotInspected()
    {
        var h = new Harness();
        Assert.Equal(Verdict.NotGtp, h.Packet(Ip.Udp(Sgsn, Ggsn, 53, 53, new byte[20])).Verdict);
        Assert.Equal(Verdict.NotGtp, h.Packet(Ip.V4(Sgsn, Ggsn, new byte[20], protocol: 6)).Verdict);
    }

    [Fact]
    public void AddressesOutsideEveryZoneAreDropped()
    {
        var h = new Harness();
        Assert.Equal(DropReason.NoZone, h.Control("192.0.2.1", Ggsn, CreatePdpRequest()).Reason);
    }

    [Fact]
    public void TrafficWithoutAMatchingPolicyIsDenied()
    {
        var o = Scenario.Options();
        o.Policies.RemoveAt(1); // no hplmn → vplmn policy
        var h = new Harness(o);
        Assert.Equal(Verdict.Permit, h.Control(Sgsn, Ggsn, CreatePdpRequest()).Verdict);
        Assert.Equal(DropReason.PolicyDenied, h.Control(Ggsn, Sgsn, CreatePdpResponse()).Reason);
    }

    [Fact]
    public void PolicySourceAddressSetsAreEnforced()
    {
        var o = Scenario.Options();
        o.Policies[0].SourceAddresses = ["Z-mobile"];
        var h = new Harness(o);
        Assert.Equal(DropReason.PolicyDenied, h.Control(Sgsn, Ggsn, CreatePdpRequest()).Reason);
    }

    [Fact]
    public void DenyPolicyDrops()
    {
        var o = Scenario.Options();
        o.Policies[0].Action = "deny";
        var h = new Harness(o);
        Assert.Equal(DropReason.PolicyDenied, h.Control(Sgsn, Ggsn, CreatePdpRequest()).Reason);
    }
}
