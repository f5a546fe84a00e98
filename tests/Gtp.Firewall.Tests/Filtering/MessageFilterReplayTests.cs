using Gtp.Firewall.Configuration;
using Gtp.Firewall.Inspection;
using Gtp.Firewall.Tests.Support;
using static Gtp.Firewall.Tests.Support.V1Flow;

namespace Gtp.Firewall.Tests.Filtering;

/// <summary>
/// The profile's message filters and GTP-U checks (docs/gtp-firewall.md §8) replayed through the engine with
/// hand-built messages: each asserts the verdicts, the drop reason and its counter.
/// </summary>
public class MessageFilterReplayTests
{
    // The user address the GGSN gives in V1Flow.CreatePdpResponse.
    private const string User = "100.64.0.9";

    private static Harness With(Action<GtpProfileOptions> configure)
    {
        var o = Scenario.Options();
        configure(o.GtpProfiles["Scenario-1"]);
        return new Harness(o);
    }

    // GTPv1-C Echo Request written by hand: flags 32 (v1, PT, S), type 1, Length 6 (sequence 4 + Recovery 2), TEID 0,
    // sequence 7, N-PDU 0, spare 0, Recovery IE 0E 01.
    private static readonly byte[] EchoRequest = Convert.FromHexString("3201000600000000000700000E01");

    private static byte[] Udp(string src, string dst, int port) => Ip.V4(src, dst, Ip.UdpSegment(40000, port, new byte[12]));

    [Fact]
    public void ADroppedMessageTypeIsDroppedForItsVersionOnly()
    {
        var h = With(p => p.DropMessageTypes = new() { V1 = [16, 17], V2 = [1] });
        var create = h.Control(Sgsn, Ggsn, CreatePdpRequest());
        Assert.Equal((Verdict.Drop, DropReason.MessageTypeFiltered), (create.Verdict, create.Reason));
        // Echo (1) is dropped for GTPv2 only.
        Assert.Equal(Verdict.Permit, h.Control(Sgsn, Ggsn, EchoRequest).Verdict);
        Assert.Equal(1, h.Engine.Counters.Drops(DropReason.MessageTypeFiltered));
        Assert.Equal(DropReason.MessageTypeFiltered, Assert.Single(h.Log).Reason);
    }

    [Fact]
    public void TheLengthFieldMustBeWithinTheVersionsRange()
    {
        var h = With(p => p.MessageLength = new() { V1 = new() { Min = 7, Max = 40 } });
        var echo = h.Control(Sgsn, Ggsn, EchoRequest);
        Assert.Equal((Verdict.Drop, DropReason.MessageTooShort), (echo.Verdict, echo.Reason));
        // Create PDP Context Request of V1Flow: its Length field is above 40.
        var create = h.Control(Sgsn, Ggsn, CreatePdpRequest());
        Assert.Equal((Verdict.Drop, DropReason.MessageTooLong), (create.Verdict, create.Reason));

        var wide = With(p => p.MessageLength = new() { V1 = new() { Min = 6, Max = 6 }, V2 = new() { Max = 1 } });
        Assert.Equal(Verdict.Permit, wide.Control(Sgsn, Ggsn, EchoRequest).Verdict);
    }

    [Fact]
    public void GPduSequenceNumbersAheadAndLatePassDuplicatesAndStaleOnesAreDropped()
    {
        var h = With(p => p.SequenceNumberValidated = true);
        Establish(h);
        var inner = Ip.V4(User, "8.8.8.8", Ip.UdpSegment(40000, 53, new byte[12]));
        Verdict Send(int seq) => h.User(Sgsn, Ggsn, Gtp1.GPduWithSequence(GgsnTeidU, seq, inner)).Verdict;

        Assert.Equal(Verdict.Permit, Send(1));
        Assert.Equal(Verdict.Permit, Send(2));
        Assert.Equal(Verdict.Drop, Send(2));      // duplicate
        Assert.Equal(Verdict.Permit, Send(10));   // ahead: lost packets leave a gap
        Assert.Equal(Verdict.Permit, Send(5));    // late, within 16
        Assert.Equal(Verdict.Drop, Send(10));     // the last number stayed 10: a duplicate
        Assert.Equal(Verdict.Drop, Send(65000));  // 546 behind 10 (mod 65536): stale
        Assert.Equal(Verdict.Permit, Send(11));
        Assert.Equal(3, h.Engine.Counters.Drops(DropReason.SequenceNumberInvalid));
        // Only the accepted G-PDUs are counted as usage.
        Assert.Equal(5, h.SingleContext().Usage.UplinkPackets);

        // Without the setting a repeat is counted as an anomaly and passes.
        var off = With(_ => { });
        Establish(off);
        Assert.Equal(Verdict.Permit, off.User(Sgsn, Ggsn, Gtp1.GPduWithSequence(GgsnTeidU, 3, inner)).Verdict);
        Assert.Equal(Verdict.Permit, off.User(Sgsn, Ggsn, Gtp1.GPduWithSequence(GgsnTeidU, 3, inner)).Verdict);
    }

    [Fact]
    public void ARequestReusingAPendingRequestsNumberWithAnotherTypeIsDropped()
    {
        var h = With(p => p.SequenceNumberValidated = true);
        Assert.Equal(Verdict.Permit, h.Control(Sgsn, Ggsn, CreatePdpRequest(seq: 1)).Verdict);
        // A retransmission repeats its own type: passes.
        Assert.Equal(Verdict.Permit, h.Control(Sgsn, Ggsn, CreatePdpRequest(seq: 1)).Verdict);
        var reuse = h.Control(Sgsn, Ggsn, Gtp1.Control(20, GgsnTeidC, 1, Gtp1.Nsapi(5)));
        Assert.Equal((Verdict.Drop, DropReason.SequenceNumberInvalid), (reuse.Verdict, reuse.Reason));
        // The answer still matches its request.
        Assert.Equal(Verdict.Permit, h.Control(Ggsn, Sgsn, CreatePdpResponse(seq: 1)).Verdict);

        var off = With(_ => { });
        Assert.Equal(Verdict.Permit, off.Control(Sgsn, Ggsn, CreatePdpRequest(seq: 1)).Verdict);
        Assert.NotEqual(DropReason.SequenceNumberInvalid, off.Control(Sgsn, Ggsn, Gtp1.Control(20, GgsnTeidC, 1, Gtp1.Nsapi(5))).Reason);
    }

    [Fact]
    public void AGPduCarryingGtpIsDroppedWhenGtpInGtpIsDenied()
    {
        var h = With(p => p.GtpInGtpDenied = true);
        Establish(h);
        foreach (var port in new[] { 2152, 2123, 3386 })
        {
            var r = h.User(Sgsn, Ggsn, Gtp1.GPdu(GgsnTeidU, Udp(User, "192.0.2.99", port)));
            Assert.Equal((Verdict.Drop, DropReason.GtpInGtp), (r.Verdict, r.Reason));
        }
        // An inner packet from port 2152 to 53 is GTP too (either port counts); plain DNS is not.
        Assert.Equal(DropReason.GtpInGtp, h.User(Sgsn, Ggsn, Gtp1.GPdu(GgsnTeidU, Ip.V4(User, "192.0.2.99", Ip.UdpSegment(2152, 53, new byte[12])))).Reason);
        Assert.Equal(Verdict.Permit, h.User(Sgsn, Ggsn, Gtp1.GPdu(GgsnTeidU, Udp(User, "192.0.2.99", 53))).Verdict);
        // IPv6 inner GTP-U.
        Assert.Equal(DropReason.GtpInGtp, h.User(Sgsn, Ggsn, Gtp1.GPdu(GgsnTeidU, Ip.V6("2001:db8::1", "2001:db8::2", Ip.UdpSegment(40000, 2152, new byte[8])))).Reason);
        Assert.Equal(5, h.Engine.Counters.Drops(DropReason.GtpInGtp));
        Assert.Equal(1, h.SingleContext().Usage.UplinkPackets);
    }

    [Fact]
    public void TheUserAddressMustBeTheContextsInBothDirections()
    {
        var h = With(p => p.EndUserAddressValidated = true);
        Establish(h);
        Assert.Equal(Verdict.Permit, h.User(Sgsn, Ggsn, Gtp1.GPdu(GgsnTeidU, Udp(User, "8.8.8.8", 53))).Verdict);
        var spoofed = h.User(Sgsn, Ggsn, Gtp1.GPdu(GgsnTeidU, Udp("100.64.0.10", "8.8.8.8", 53)));
        Assert.Equal((Verdict.Drop, DropReason.EndUserAddressSpoofed), (spoofed.Verdict, spoofed.Reason));
        // Downlink: addressed to the user.
        Assert.Equal(Verdict.Permit, h.User(Ggsn, Sgsn, Gtp1.GPdu(SgsnTeidU, Udp("8.8.8.8", User, 53))).Verdict);
        Assert.Equal(DropReason.EndUserAddressSpoofed, h.User(Ggsn, Sgsn, Gtp1.GPdu(SgsnTeidU, Udp("8.8.8.8", "100.64.0.10", 53))).Reason);
        // An IPv6 packet on an IPv4 context is not the context's address.
        Assert.Equal(DropReason.EndUserAddressSpoofed, h.User(Sgsn, Ggsn, Gtp1.GPdu(GgsnTeidU, Ip.V6("2001:db8::1", "2001:db8::2", Ip.UdpSegment(1, 2, [])))).Reason);
        Assert.Equal(3, h.Engine.Counters.Drops(DropReason.EndUserAddressSpoofed));
        var usage = h.SingleContext().Usage;
        Assert.Equal((1, 1), (usage.UplinkPackets, usage.DownlinkPackets));
    }

    [Fact]
    public void AContextWithoutAnAddressCannotBeCheckedAndPasses()
    {
        var h = With(p => p.EndUserAddressValidated = true);
        Assert.Equal(Verdict.Permit, h.Control(Sgsn, Ggsn, CreatePdpRequest()).Verdict);
        // The GGSN answers with an End User Address without an address (DHCP, TS 29.060 §7.7.27).
        Assert.Equal(Verdict.Permit, h.Control(Ggsn, Sgsn, Gtp1.Control(17, SgsnTeidC, 1,
            Gtp1.Cause(128), Gtp1.TeidDataI(GgsnTeidU), Gtp1.TeidControl(GgsnTeidC), Gtp1.EndUserDynamic(), Gtp1.GsnAddress(Ggsn), Gtp1.GsnAddress(Ggsn))).Verdict);
        Assert.Equal(Verdict.Permit, h.User(Sgsn, Ggsn, Gtp1.GPdu(GgsnTeidU, Udp("10.1.2.3", "8.8.8.8", 53))).Verdict);
    }

    [Fact]
    public void AFloodOfDropsWritesOneLinePerSecondWithTheSuppressedCount()
    {
        var h = With(p => p.GtpInGtpDenied = true);
        Establish(h);
        var gtp = Gtp1.GPdu(GgsnTeidU, Udp(User, "192.0.2.99", 2152));
        for (var i = 0; i < 100; i++)
        {
            Assert.Equal(DropReason.GtpInGtp, h.User(Sgsn, Ggsn, gtp).Reason);
        }
        h.Now = h.Now.AddSeconds(1);
        Assert.Equal(DropReason.GtpInGtp, h.User(Sgsn, Ggsn, gtp).Reason);
        Assert.Equal(101, h.Engine.Counters.Drops(DropReason.GtpInGtp));
        var lines = h.Log.Where(l => l.Reason == DropReason.GtpInGtp).ToList();
        Assert.Equal([0L, 99], lines.Select(l => l.Suppressed));
        Assert.Contains("suppressed=99", lines[1].Describe());
    }
}
