using Gtp.Firewall.Inspection;
using Gtp.Firewall.Tests.Support;
using static Gtp.Firewall.Tests.Support.Scenario;

namespace Gtp.Firewall.Tests;

/// <summary>
/// GTPv1 Initiate PDP Context Activation (TS 29.060 §7.3.9/§7.3.10) and GTPv2 Delete PDN Connection Set
/// (TS 29.274 §7.9.1/§7.9.2): inspected against the tunnel table and paired, IEs hand-written.
/// </summary>
public class RestorationMessageTests
{
    // NSAPI IE (20) used as Linked NSAPI = 5.
    private static readonly byte[] LinkedNsapi5 = Convert.FromHexString("1405");

    [Fact]
    public void InitiateActivationForALiveContextPassesAndItsAcceptanceIsCounted()
    {
        var h = new Harness();
        V1Flow.Establish(h);
        Assert.Equal(Verdict.Permit, h.Control(V1Flow.Ggsn, V1Flow.Sgsn, Gtp1.Control(22, V1Flow.SgsnTeidC, 50, LinkedNsapi5)).Verdict);
        Assert.Equal(Verdict.Permit, h.Control(V1Flow.Sgsn, V1Flow.Ggsn, Gtp1.Control(23, V1Flow.GgsnTeidC, 50, Convert.FromHexString("0180"))).Verdict);
        Assert.Equal(1, h.Engine.Counters.StateChanges(StateChange.SecondaryActivationInitiated));
    }

    [Fact]
    public void InitiateActivationOnAnUnknownTeidOrLinkedNsapiIsDropped()
    {
        var h = new Harness();
        V1Flow.Establish(h);
        Assert.Equal(DropReason.NoTunnel, h.Control(V1Flow.Ggsn, V1Flow.Sgsn, Gtp1.Control(22, 0x999, 50, LinkedNsapi5)).Reason);
        Assert.Equal(DropReason.NoTunnel, h.Control(V1Flow.Ggsn, V1Flow.Sgsn, Gtp1.Control(22, V1Flow.SgsnTeidC, 51, Convert.FromHexString("1407"))).Reason);
        Assert.Equal(DropReason.MandatoryIeMissing, h.Control(V1Flow.Ggsn, V1Flow.Sgsn, Gtp1.Control(22, V1Flow.SgsnTeidC, 52)).Reason);
        Assert.Equal(DropReason.UnmatchedResponse, h.Control(V1Flow.Sgsn, V1Flow.Ggsn, Gtp1.Control(23, V1Flow.GgsnTeidC, 53, Convert.FromHexString("0180"))).Reason);
    }

    [Fact]
    public void DeletePdnConnectionSetIsPairedAndLeavesTheTunnels()
    {
        var h = new Harness();
        V2Flow.Establish(h);
        // FQ-CSID (132): node-ID type 0 + 1 CSID, node 10.10.10.2, CSID 1.
        var request = Gtp2.Message(101, 0, 60, Convert.FromHexString("84000700" + "01" + "0A0A0A02" + "0001"));
        Assert.Equal(Verdict.Permit, h.Control(XhPgw, YvSgw1, request).Verdict);
        Assert.Equal(Verdict.Permit, h.Control(YvSgw1, XhPgw, Gtp2.Message(102, 0, 60, Gtp2.Cause(16))).Verdict);
        Assert.Equal(Verdict.Permit, V2Flow.Uplink(h, YvSgw1).Verdict);
        Assert.Equal(DropReason.UnmatchedResponse, h.Control(YvSgw1, XhPgw, Gtp2.Message(102, 0, 61, Gtp2.Cause(16))).Reason);
    }

    [Theory]
    [InlineData("84000700" + "02" + "0A0A0A02" + "0001")]  // two CSIDs announced, one present
    [InlineData("84000700" + "31" + "0A0A0A02" + "0001")]  // node-ID type 3 is not defined
    public void MalformedFqCsidIsDropped(string fqCsid)
    {
        var h = new Harness();
        Assert.Equal(DropReason.IeMalformed, h.Control(XhPgw, YvSgw1, Gtp2.Message(101, 0, 60, Convert.FromHexString(fqCsid))).Reason);
    }

    [Fact]
    public void DeletePdnConnectionSetWithoutFqCsidIsDropped()
        => Assert.Equal(DropReason.MandatoryIeMissing, new Harness().Control(XhPgw, YvSgw1, Gtp2.Message(101, 0, 60)).Reason);
}
