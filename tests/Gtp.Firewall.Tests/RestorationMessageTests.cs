using Gtp.Firewall.Inspection;
using Gtp.Firewall.Tests.Support;
using static Gtp.Firewall.Tests.Support.Scenario;

namespace Gtp.Firewall.Tests;

/// <summary>
/// GTPv1 Initiate PDP Context Activation (TS 29.060 §7.3.9/§7.3.10) and GTPv2 Delete PDN Connection Set
/// (TS 29.274 §7.9.1/§7.9.2, removing the bearers set up with the listed CSIDs): paired, IEs hand-written.
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

    // FQ-CSIDs written out (TS 29.274 §8.62): IE 132, length, instance; node-ID type 0 + CSID count; IPv4 node; CSIDs.
    private const string MmeFqCsid7 = "84000700" + "01" + "14141401" + "0007";      // MME 20.20.20.1, CSID 7 (instance 0)
    private const string SgwFqCsid9 = "84000701" + "01" + "1414140A" + "0009";      // SGW 20.20.20.10, CSID 9 (instance 1)
    private const string PgwFqCsid1And2 = "84000900" + "02" + "0A0A0A02" + "00010002"; // PGW 10.10.10.2, CSIDs 1 and 2

    /// <summary>V2Flow's session, with the MME and SGW FQ-CSIDs in the request and the PGW's in the response.</summary>
    private static void EstablishWithCsids(Harness h)
    {
        var request = Gtp2.Message(32, 0, 1,
            Gtp2.Imsi(Imsi), Gtp2.FTeid(0, 6, V2Flow.SgwTeidC, YvSgw1), Gtp2.Apn("ims"), Gtp2.PaaIPv4("100.64.0.1"),
            Gtp2.BearerContext(0, Gtp2.Ebi(5), Gtp2.FTeid(2, 4, V2Flow.SgwTeidU, YvSgw1)),
            Convert.FromHexString(MmeFqCsid7), Convert.FromHexString(SgwFqCsid9));
        var response = Gtp2.Message(33, V2Flow.SgwTeidC, 1,
            Gtp2.Cause(16), Gtp2.FTeid(0, 7, V2Flow.PgwTeidC, XhPgw), Gtp2.PaaIPv4("100.64.0.1"),
            Gtp2.BearerContext(0, Gtp2.Ebi(5), Gtp2.Cause(16), Gtp2.FTeid(2, 5, V2Flow.PgwTeidU, XhPgw)),
            Convert.FromHexString(PgwFqCsid1And2));
        Assert.Equal(Verdict.Permit, h.Control(YvSgw1, XhPgw, request).Verdict);
        Assert.Equal(Verdict.Permit, h.Control(XhPgw, YvSgw1, response).Verdict);
        Assert.Equal(Verdict.Permit, V2Flow.Uplink(h, YvSgw1).Verdict);
    }

    [Theory]
    [InlineData("84000700" + "01" + "0A0A0A02" + "0002")]  // the PGW's set 2 (from the response)
    [InlineData("84000700" + "01" + "14141401" + "0007")]  // the MME's set 7 (from the request)
    [InlineData("84000701" + "01" + "1414140A" + "0009")]  // the SGW's set 9, whatever the instance
    public void AnAcceptedDeletePdnConnectionSetRemovesTheBearersOfItsSets(string fqCsid)
    {
        var h = new Harness();
        EstablishWithCsids(h);

        Assert.Equal(Verdict.Permit, h.Control(XhPgw, YvSgw1, Gtp2.Message(101, 0, 60, Convert.FromHexString(fqCsid))).Verdict);
        Assert.Equal(Verdict.Permit, h.Control(YvSgw1, XhPgw, Gtp2.Message(102, 0, 60, Gtp2.Cause(16))).Verdict);

        Assert.Equal(DropReason.NoTunnel, V2Flow.Uplink(h, YvSgw1).Reason);
        Assert.Equal(0, h.Engine.Tunnels.ContextCount);
        Assert.Equal(1, h.Engine.Counters.StateChanges(StateChange.PdnConnectionSetDeleted));
    }

    [Theory]
    [InlineData("84000700" + "01" + "0A0A0A02" + "0003", 16)]  // a set of the PGW the session is not in
    [InlineData("84000700" + "01" + "0A0A0A03" + "0001", 16)]  // CSID 1 of another node
    [InlineData("84000700" + "21" + "0A0A0A02" + "0001", 16)]  // node-ID type 2 (MCC/MNC): another node, same octets
    [InlineData("84000700" + "01" + "0A0A0A02" + "0001", 64)]  // the right set, but the peer refuses (Context Not Found)
    public void ADeletePdnConnectionSetOfOtherSetsOrRefusedLeavesTheBearers(string fqCsid, int cause)
    {
        var h = new Harness();
        EstablishWithCsids(h);

        Assert.Equal(Verdict.Permit, h.Control(XhPgw, YvSgw1, Gtp2.Message(101, 0, 60, Convert.FromHexString(fqCsid))).Verdict);
        Assert.Equal(Verdict.Permit, h.Control(YvSgw1, XhPgw, Gtp2.Message(102, 0, 60, Gtp2.Cause(cause))).Verdict);

        Assert.Equal(Verdict.Permit, V2Flow.Uplink(h, YvSgw1).Verdict);
        Assert.Equal(0, h.Engine.Counters.StateChanges(StateChange.PdnConnectionSetDeleted));
    }

    [Fact]
    public void DeletePdnConnectionSetIsPairedAndASessionWithoutCsidsStays()
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

    [Fact]
    public void ACreateSessionWithAMalformedFqCsidIsDropped()
    {
        var h = new Harness();
        var request = Gtp2.Message(32, 0, 1,
            Gtp2.Imsi(Imsi), Gtp2.FTeid(0, 6, V2Flow.SgwTeidC, YvSgw1), Gtp2.Apn("ims"),
            Gtp2.BearerContext(0, Gtp2.Ebi(5), Gtp2.FTeid(2, 4, V2Flow.SgwTeidU, YvSgw1)),
            Convert.FromHexString("84000700" + "02" + "14141401" + "0007")); // two CSIDs announced, one present
        Assert.Equal(DropReason.IeMalformed, h.Control(YvSgw1, XhPgw, request).Reason);
    }

    [Fact]
    public void SetsOfDeletedBearersArePrunedAtTheTunnelSweep()
    {
        var h = new Harness();
        EstablishWithCsids(h);
        Assert.Equal(4, h.Engine.PdnConnectionSets.Count); // MME 7, SGW 9, PGW 1 and 2

        Assert.Equal(Verdict.Permit, h.Control(YvSgw1, XhPgw, Gtp2.Message(36, V2Flow.PgwTeidC, 70, Gtp2.Ebi(5))).Verdict);
        Assert.Equal(Verdict.Permit, h.Control(XhPgw, YvSgw1, Gtp2.Message(37, V2Flow.SgwTeidC, 70, Gtp2.Cause(16))).Verdict);
        h.Engine.Sweep((h.Now + TimeSpan.FromMinutes(2)).Ticks);

        Assert.Equal((0, 0L), (h.Engine.PdnConnectionSets.Count, h.Engine.PdnConnectionSets.Entries));
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
