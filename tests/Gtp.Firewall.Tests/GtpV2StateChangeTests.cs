using Gtp.Firewall.Inspection;
using Gtp.Firewall.Tests.Support;
using Gtp.Firewall.Tunnels;
using static Gtp.Firewall.Tests.Support.Scenario;

namespace Gtp.Firewall.Tests;

/// <summary>
/// GTPv2 messages that change tunnel state (docs/gtp-firewall.md, "State changes"): G-PDU verdicts before and
/// after each exchange prove the change. Bearer contexts and F-TEIDs are hand-written hex (TS 29.274 §8.22, §8.28).
/// </summary>
public class GtpV2StateChangeTests
{
    private const string Mme = YvMme1;       // 20.20.20.1
    private const string Sgw = YvSgw1;       // 20.20.20.10
    private const string Enb = "20.20.20.2"; // Y-vMME-2's address stands in for the eNodeB (zone and policy only)
    private const string Stranger = "30.30.30.2";
    private const uint MmeTeidC = 0x77;
    private const uint SgwTeidC = 0x1100;
    private const uint SgwTeidU = 0x2200;
    private const uint EnbTeid = 0x5E;

    /// <summary>An S11 session: MME/eNodeB on the serving side, the SGW as anchor (TS 29.274 §7.2.1/§7.2.7).</summary>
    private static Harness S11Session()
    {
        var h = new Harness();
        var csr = Gtp2.Message(32, 0, 1, Gtp2.Imsi(Imsi),
            Convert.FromHexString("570009" + "00" + "8A" + "00000077" + "14141401"),                 // F-TEID i0: S11 MME (10), TEID 0x77, 20.20.20.1
            Convert.FromHexString("5D0012" + "00" + "490001" + "0005" + "570009" + "00" + "80" + "0000005E" + "14141402")); // Bearer: EBI 5, S1-U eNodeB F-TEID
        Assert.Equal(Verdict.Permit, h.Control(Mme, Sgw, csr).Verdict);
        var csResp = Gtp2.Message(33, MmeTeidC, 1, Gtp2.Cause(16),
            Convert.FromHexString("570009" + "00" + "8B" + "00001100" + "1414140A"),                 // F-TEID i0: S11/S4 SGW (11)
            Convert.FromHexString("5D0018" + "00" + "490001" + "0005" + "020002" + "00" + "1000"       // EBI 5, Cause 16
                + "570009" + "00" + "81" + "00002200" + "1414140A"));                                  // S1-U SGW F-TEID (1)
        Assert.Equal(Verdict.Permit, h.Control(Sgw, Mme, csResp).Verdict);
        Assert.Equal(Verdict.Permit, Downlink(h, EnbTeid).Verdict);
        return h;
    }

    private static InspectionResult Downlink(Harness h, uint enbTeid, string enb = Enb) => h.User(Sgw, enb, Gtp1.GPdu(enbTeid, Harness.InnerPacket()));

    [Fact]
    public void ReleaseAccessBearersStopsDownlinkToTheOldEnodebButKeepsTheBearer()
    {
        var h = S11Session();
        Assert.Equal(Verdict.Permit, h.Control(Mme, Sgw, Gtp2.Message(170, SgwTeidC, 9)).Verdict);
        Assert.Equal(Verdict.Permit, Downlink(h, EnbTeid).Verdict); // not yet: the response commits
        Assert.Equal(Verdict.Permit, h.Control(Sgw, Mme, Gtp2.Message(171, MmeTeidC, 9, Convert.FromHexString("02000200" + "10" + "00"))).Verdict);
        Assert.Equal(DropReason.NoTunnel, Downlink(h, EnbTeid).Reason);
        Assert.Equal(1, h.Engine.Tunnels.ContextCount);
        Assert.Equal(1, h.Engine.Counters.StateChanges(StateChange.AccessBearersReleased));
    }

    [Fact]
    public void RefusedReleaseAccessBearersChangesNothing()
    {
        var h = S11Session();
        h.Control(Mme, Sgw, Gtp2.Message(170, SgwTeidC, 9));
        h.Control(Sgw, Mme, Gtp2.Message(171, MmeTeidC, 9, Convert.FromHexString("02000200" + "40" + "00"))); // 64 Context Not Found
        Assert.Equal(Verdict.Permit, Downlink(h, EnbTeid).Verdict);
    }

    [Fact]
    public void UpdateBearerResponseMovesTheBearerToTheNewServingUserFteid()
    {
        var h = S11Session();
        Assert.Equal(Verdict.Permit, h.Control(Sgw, Mme, Gtp2.Message(97, MmeTeidC, 10,
            Convert.FromHexString("5D0005" + "00" + "490001" + "0005"))).Verdict);
        // Bearer: EBI 5, Cause 16, S4-U SGSN F-TEID (i0, type 15) TEID 0x6E at the same address.
        var response = Gtp2.Message(98, SgwTeidC, 10, Gtp2.Cause(16),
            Convert.FromHexString("5D0018" + "00" + "490001" + "0005" + "020002" + "00" + "1000" + "570009" + "00" + "8F" + "0000006E" + "14141402"));
        Assert.Equal(Verdict.Permit, h.Control(Mme, Sgw, response).Verdict);
        Assert.Equal(DropReason.NoTunnel, Downlink(h, EnbTeid).Reason);
        Assert.Equal(Verdict.Permit, Downlink(h, 0x6E).Verdict);
        Assert.Equal(1, h.Engine.Counters.StateChanges(StateChange.BearerUpdated));
    }

    [Fact]
    public void UpdateBearerRefusedForTheBearerKeepsItsFteid()
    {
        var h = S11Session();
        h.Control(Sgw, Mme, Gtp2.Message(97, MmeTeidC, 10, Convert.FromHexString("5D0005" + "00" + "490001" + "0005")));
        // Bearer-level Cause 73 (No resources available) in an accepted message.
        var response = Gtp2.Message(98, SgwTeidC, 10, Gtp2.Cause(16),
            Convert.FromHexString("5D0018" + "00" + "490001" + "0005" + "020002" + "00" + "4900" + "570009" + "00" + "8F" + "0000006E" + "14141402"));
        h.Control(Mme, Sgw, response);
        Assert.Equal(Verdict.Permit, Downlink(h, EnbTeid).Verdict);
        Assert.Equal(DropReason.NoTunnel, Downlink(h, 0x6E).Reason);
    }

    [Fact]
    public void DeleteBearerKeepsABearerTheResponseRefuses()
    {
        var h = new Harness();
        V2Flow.Establish(h);
        Assert.Equal(Verdict.Permit, h.Control(XhPgw, Sgw, Gtp2.Message(99, V2Flow.SgwTeidC, 20, Gtp2.Ebi(5, instance: 1))).Verdict);
        // Accepted overall (16), bearer 5 refused with 64 (Context Not Found).
        var response = Gtp2.Message(100, V2Flow.PgwTeidC, 20, Gtp2.Cause(16),
            Convert.FromHexString("5D000B" + "00" + "490001" + "0005" + "020002" + "00" + "4000"));
        Assert.Equal(Verdict.Permit, h.Control(Sgw, XhPgw, response).Verdict);
        Assert.Equal(Verdict.Permit, V2Flow.Uplink(h, Sgw).Verdict);

        h.Control(XhPgw, Sgw, Gtp2.Message(99, V2Flow.SgwTeidC, 21, Gtp2.Ebi(5, instance: 1)));
        h.Control(Sgw, XhPgw, Gtp2.Message(100, V2Flow.PgwTeidC, 21, Gtp2.Cause(16),
            Convert.FromHexString("5D000B" + "00" + "490001" + "0005" + "020002" + "00" + "1000")));
        Assert.Equal(DropReason.NoTunnel, V2Flow.Uplink(h, Sgw).Reason);
    }

    [Fact]
    public void IndirectForwardingTunnelsAreSetUpOnTheAcceptedResponseAndRemovedByTheDelete()
    {
        var h = S11Session();
        // Request: bearer EBI 5 with the target SGW's F-TEID for DL data forwarding (i1, type 23): 30.30.30.10 TEID 0xE1.
        var request = Gtp2.Message(166, SgwTeidC, 30,
            Convert.FromHexString("5D0012" + "00" + "490001" + "0005" + "570009" + "01" + "97" + "000000E1" + "1E1E1E0A"));
        Assert.Equal(Verdict.Permit, h.Control(Mme, Sgw, request).Verdict);
        Assert.Equal(0, h.Engine.Tunnels.ForwardingCount);
        // Response: Cause 16; bearer EBI 5, Cause 16, this SGW's S1-U F-TEID for DL data forwarding (i0, type 23) TEID 0xF1.
        var response = Gtp2.Message(167, MmeTeidC, 30, Gtp2.Cause(16),
            Convert.FromHexString("5D0018" + "00" + "490001" + "0005" + "020002" + "00" + "1000" + "570009" + "00" + "97" + "000000F1" + "1414140A"));
        Assert.Equal(Verdict.Permit, h.Control(Sgw, Mme, response).Verdict);
        Assert.Equal(2, h.Engine.Tunnels.ForwardingCount);
        Assert.Equal(2, h.Engine.Counters.ForwardingCreated(ForwardingSource.IndirectDataForwarding));

        // Source eNodeB → this SGW, and this SGW → the target SGW; anyone else is refused.
        Assert.Equal(Verdict.Permit, h.User(Enb, Sgw, Gtp1.GPdu(0xF1, Harness.InnerPacket())).Verdict);
        Assert.Equal(DropReason.ForwardingSenderMismatch, h.User(Stranger, Sgw, Gtp1.GPdu(0xF1, Harness.InnerPacket())).Reason);
        Assert.Equal(Verdict.Permit, h.User(Sgw, ZvSgw1, Gtp1.GPdu(0xE1, Harness.InnerPacket())).Verdict);
        Assert.Equal(DropReason.ForwardingSenderMismatch, h.User(Enb, ZvSgw1, Gtp1.GPdu(0xE1, Harness.InnerPacket())).Reason);

        Assert.Equal(Verdict.Permit, h.Control(Mme, Sgw, Gtp2.Message(168, SgwTeidC, 31)).Verdict);
        Assert.Equal(2, h.Engine.Tunnels.ForwardingCount);
        Assert.Equal(Verdict.Permit, h.Control(Sgw, Mme, Gtp2.Message(169, MmeTeidC, 31, Gtp2.Cause(16))).Verdict);
        Assert.Equal(0, h.Engine.Tunnels.ForwardingCount);
        Assert.Equal(1, h.Engine.Tunnels.ContextCount);
        Assert.Equal(2, h.Engine.Counters.ForwardingDeleted(TunnelDeleteReason.IndirectForwardingDeleted));
        Assert.Equal(DropReason.NoTunnel, h.User(Enb, Sgw, Gtp1.GPdu(0xF1, Harness.InnerPacket())).Reason);
    }

    [Fact]
    public void RefusedIndirectForwardingCreatesNothing()
    {
        var h = S11Session();
        h.Control(Mme, Sgw, Gtp2.Message(166, SgwTeidC, 30,
            Convert.FromHexString("5D0012" + "00" + "490001" + "0005" + "570009" + "01" + "97" + "000000E1" + "1E1E1E0A")));
        Assert.Equal(Verdict.Permit, h.Control(Sgw, Mme, Gtp2.Message(167, MmeTeidC, 30, Gtp2.Cause(73))).Verdict);
        Assert.Equal(0, h.Engine.Tunnels.ForwardingCount);
    }

    [Fact]
    public void MalformedForwardingFteidIsDropped()
    {
        var h = S11Session();
        // F-TEID with V4 set but only 2 address octets.
        var request = Gtp2.Message(166, SgwTeidC, 30, Convert.FromHexString("5D0010" + "00" + "490001" + "0005" + "570007" + "01" + "97" + "000000E1" + "1E1E"));
        Assert.Equal(DropReason.IeMalformed, h.Control(Mme, Sgw, request).Reason);
    }
}
