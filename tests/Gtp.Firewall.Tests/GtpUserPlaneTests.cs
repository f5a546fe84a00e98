using Gtp.Firewall.Inspection;
using Gtp.Firewall.Tests.Support;
using static Gtp.Firewall.Tests.Support.V1Flow;

namespace Gtp.Firewall.Tests;

/// <summary>GTP-U per TS 29.281: tunnel check, usage, extension headers, sequence numbers, path messages.</summary>
public class GtpUserPlaneTests
{
    [Fact]
    public void GPduForAnUnknownTeidIsDropped()
    {
        var h = new Harness();
        var r = h.User(Sgsn, Ggsn, Gtp1.GPdu(0xDEAD, Harness.InnerPacket()));
        Assert.Equal(Verdict.Drop, r.Verdict);
        Assert.Equal(DropReason.NoTunnel, r.Reason);
        Assert.Contains(h.Log, l => l.Reason == DropReason.NoTunnel);
    }

    [Fact]
    public void GPduFromANodeThatIsNotTheTunnelPeerIsDropped()
    {
        var h = new Harness();
        Establish(h);
        Assert.Equal(DropReason.NoTunnel, h.User(Scenario.ZvSgw1, Ggsn, Gtp1.GPdu(GgsnTeidU, Harness.InnerPacket())).Reason);
    }

    [Fact]
    public void ExtensionHeadersAreWalked()
    {
        var h = new Harness();
        Establish(h);
        Assert.Equal(Verdict.Permit, h.User(Sgsn, Ggsn, Gtp1.GPduWithExtension(GgsnTeidU, Harness.InnerPacket(60))).Verdict);
        Assert.Equal(60, h.SingleContext().Usage.UplinkBytes);
    }

    [Fact]
    public void ZeroLengthExtensionHeaderIsMalformed()
    {
        var h = new Harness();
        Establish(h);
        Assert.Equal(DropReason.ExtensionHeaderMalformed, h.User(Sgsn, Ggsn, Gtp1.GPduWithExtension(GgsnTeidU, Harness.InnerPacket(), extLengthUnits: 0)).Reason);
    }

    [Fact]
    public void ExtensionHeaderPastTheEndIsMalformed()
    {
        var h = new Harness();
        Establish(h);
        Assert.Equal(DropReason.ExtensionHeaderMalformed, h.User(Sgsn, Ggsn, Gtp1.GPduWithExtension(GgsnTeidU, [], extLengthUnits: 9)).Reason);
    }

    [Fact]
    public void SequenceNumbersAreTrackedWhenTheSFlagIsSet()
    {
        var h = new Harness();
        Establish(h);
        foreach (var seq in new[] { 1, 2, 3, 7, 8 })
        {
            Assert.Equal(Verdict.Permit, h.User(Sgsn, Ggsn, Gtp1.GPduWithSequence(GgsnTeidU, seq, Harness.InnerPacket())).Verdict);
        }
        Assert.Equal(1, h.Engine.Counters.SequenceAnomalies);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(31)]
    public void PathMessagesAreRecognisedAndPassed(int type)
    {
        var h = new Harness();
        var r = h.User(Sgsn, Ggsn, Gtp1.UserMessage(type, 0, Gtp1.Recovery(0)));
        Assert.Equal(Verdict.Permit, r.Verdict);
        Assert.Equal((byte)type, r.MessageType);
    }

    [Fact]
    public void ErrorIndicationNeedsTeidAndPeerAddress()
    {
        var h = new Harness();
        Assert.Equal(Verdict.Permit, h.User(Ggsn, Sgsn, Gtp1.UserMessage(26, 0, Gtp1.TeidDataI(0x99), Gtp1.GsnAddress(Ggsn))).Verdict);
        Assert.Equal(DropReason.MandatoryIeMissing, h.User(Ggsn, Sgsn, Gtp1.UserMessage(26, 0, Gtp1.TeidDataI(0x99))).Reason);
    }

    [Fact]
    public void EndMarkerOnAnUnknownTunnelIsDropped()
    {
        var h = new Harness();
        Assert.Equal(DropReason.NoTunnel, h.User(Ggsn, Sgsn, Gtp1.UserMessage(254, 0x1234)).Reason);
    }

    [Fact]
    public void UnknownGtpUMessageTypeIsDropped()
    {
        var h = new Harness();
        Assert.Equal(DropReason.UnknownMessageType, h.User(Ggsn, Sgsn, Gtp1.UserMessage(100, 0)).Reason);
    }

    [Fact]
    public void GPduOverIPv6IsInspected()
    {
        var o = Scenario.Options();
        var h = new Harness(o);
        const string sgsn6 = "2001:db8:2::10";
        const string ggsn6 = "2001:db8:1::2";
        Assert.Equal(Verdict.Permit, h.Control(sgsn6, ggsn6, CreatePdpRequest(sgsn6)).Verdict);
        var response = Gtp1.Control(17, SgsnTeidC, 1, Gtp1.Cause(128), Gtp1.TeidDataI(GgsnTeidU), Gtp1.TeidControl(GgsnTeidC),
            Gtp1.GsnAddress(ggsn6), Gtp1.GsnAddress(ggsn6));
        Assert.Equal(Verdict.Permit, h.Control(ggsn6, sgsn6, response).Verdict);
        Assert.Equal(Verdict.Permit, h.User(sgsn6, ggsn6, Gtp1.GPdu(GgsnTeidU, Harness.InnerPacket())).Verdict);
    }
}
