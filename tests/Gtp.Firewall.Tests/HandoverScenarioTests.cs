using Gtp.Firewall.Handover;
using Gtp.Firewall.Inspection;
using Gtp.Firewall.Tests.Support;
using static Gtp.Firewall.Tests.Support.Scenario;

namespace Gtp.Firewall.Tests;

/// <summary>The example scenario: S8 SGW relocation Y-vSGW → Z-vSGW (Modify Bearer to X-hPGW), docs/gtp-firewall.md §3.</summary>
public class HandoverScenarioTests
{
    [Fact]
    public void HandoverInsideOneGroupIsAllowedAndMovesTheTunnel()
    {
        var h = new Harness();
        V2Flow.Establish(h);
        Assert.Equal(Verdict.Permit, V2Flow.Uplink(h, YvSgw1).Verdict);

        var mbr = h.Control(ZvSgw1, XhPgw, V2Flow.ModifyBearerRequest(ZvSgw1));
        Assert.Equal(Verdict.Permit, mbr.Verdict);
        Assert.Equal(HandoverDecision.Allowed, mbr.Handover);
        Assert.Equal(Verdict.Permit, h.Control(XhPgw, ZvSgw1, V2Flow.ModifyBearerResponse()).Verdict);

        Assert.Equal(Verdict.Permit, V2Flow.Uplink(h, ZvSgw1).Verdict);
        Assert.Equal(Verdict.Permit, h.User(XhPgw, ZvSgw1, Gtp1.GPdu(V2Flow.NewSgwTeidU, Harness.InnerPacket())).Verdict);
        // The old SGW is no longer a peer of the tunnel.
        Assert.Equal(DropReason.NoTunnel, V2Flow.Uplink(h, YvSgw1).Reason);
        Assert.Equal(DropReason.NoTunnel, h.User(XhPgw, YvSgw1, Gtp1.GPdu(V2Flow.SgwTeidU, Harness.InnerPacket())).Reason);
        Assert.Equal(1, h.Engine.Counters.HandoverAllowed);
        Assert.Contains(h.Log, l => l.Handover == HandoverDecision.Allowed && l.HandoverBasis == HandoverBasis.SameGroup);
        Assert.Contains(h.Events, e => e.Event == "updated" && e.Tunnel.ServingControl.ToString() == ZvSgw1);
    }

    [Fact]
    public void HandoverAcrossTwoGroupsIsDeniedAndTheTunnelStaysOnTheCurrentNode()
    {
        var h = new Harness(WithSecondGroup(Options()));
        V2Flow.Establish(h);

        var mbr = h.Control(ZvSgw1, XhPgw, V2Flow.ModifyBearerRequest(ZvSgw1));
        Assert.Equal(Verdict.Drop, mbr.Verdict);
        Assert.Equal(DropReason.HandoverDenied, mbr.Reason);
        Assert.Equal(HandoverDecision.Denied, mbr.Handover);
        Assert.Contains(h.Log, l => l.Handover == HandoverDecision.Denied && l.HandoverBasis == HandoverBasis.CrossGroup);

        // The response never comes (request dropped); a forged one is unmatched.
        Assert.Equal(DropReason.UnmatchedResponse, h.Control(XhPgw, ZvSgw1, V2Flow.ModifyBearerResponse()).Reason);
        Assert.Equal(DropReason.NoTunnel, V2Flow.Uplink(h, ZvSgw1).Reason);
        Assert.Equal(DropReason.NoTunnel, h.User(XhPgw, ZvSgw1, Gtp1.GPdu(V2Flow.NewSgwTeidU, Harness.InnerPacket())).Reason);
        Assert.Equal(Verdict.Permit, V2Flow.Uplink(h, YvSgw1).Verdict);
        Assert.Equal(YvSgw1, h.SingleContext().ServingControl.ToString());
        Assert.Equal(1, h.Engine.Counters.HandoverDenied);
    }

    [Fact]
    public void HandoverDefaultDenyWithNoGroupOnTheProfileDenies()
    {
        var o = Options(handoverDefault: "deny");
        o.GtpProfiles["Scenario-1"].HandoverGroups.Clear();
        var h = new Harness(o);
        V2Flow.Establish(h);

        var mbr = h.Control(ZvSgw1, XhPgw, V2Flow.ModifyBearerRequest(ZvSgw1));
        Assert.Equal(DropReason.HandoverDenied, mbr.Reason);
        Assert.Contains(h.Log, l => l.HandoverBasis == HandoverBasis.Default && l.Handover == HandoverDecision.Denied);
    }

    [Fact]
    public void NoGroupOnTheProfileAndDefaultPermitAllows()
    {
        var o = Options();
        o.GtpProfiles["Scenario-1"].HandoverGroups.Clear();
        var h = new Harness(o);
        V2Flow.Establish(h);
        var mbr = h.Control(ZvSgw1, XhPgw, V2Flow.ModifyBearerRequest(ZvSgw1));
        Assert.Equal(Verdict.Permit, mbr.Verdict);
        Assert.Equal(HandoverDecision.Allowed, mbr.Handover);
    }

    [Theory]
    [InlineData("permit", Verdict.Permit)]
    [InlineData("deny", Verdict.Drop)]
    public void ProposedNodeOutsideEveryGroupFallsBackToHandoverDefault(string handoverDefault, Verdict expected)
    {
        var o = Options(handoverDefault: handoverDefault);
        o.AddressBook.AddressSets["as-AT"] = new() { AddressSets = ["X-mobile", "Y-mobile"] };
        var h = new Harness(o);
        V2Flow.Establish(h);
        Assert.Equal(expected, h.Control(ZvSgw1, XhPgw, V2Flow.ModifyBearerRequest(ZvSgw1)).Verdict);
    }

    [Fact]
    public void ModifyBearerFromTheSameSgwIsNotAHandover()
    {
        var h = new Harness(WithSecondGroup(Options()));
        V2Flow.Establish(h);
        var mbr = h.Control(YvSgw1, XhPgw, V2Flow.ModifyBearerRequest(YvSgw1));
        Assert.Equal(Verdict.Permit, mbr.Verdict);
        Assert.Equal(HandoverDecision.None, mbr.Handover);
    }

    [Fact]
    public void TheShippedAppsettingsScenarioLoadsAndAllowsTheHandover()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "appsettings.json");
        var policy = global::Gtp.Firewall.Configuration.FirewallConfigurationLoader.Load(path);
        Assert.True(policy.Profiles["Scenario-1"].HandoverOnRoamingInterface);
        var decision = HandoverEvaluator.Decide(policy.Profiles["Scenario-1"], policy.HandoverDefaultPermit,
            global::Gtp.Firewall.Packets.IpAddress128.Parse(YvSgw1), global::Gtp.Firewall.Packets.IpAddress128.Parse(ZvSgw1), out var basis);
        Assert.Equal(HandoverDecision.Allowed, decision);
        Assert.Equal(HandoverBasis.SameGroup, basis);
    }
}
