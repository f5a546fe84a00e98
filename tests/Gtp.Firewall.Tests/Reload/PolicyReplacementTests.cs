using Gtp.Firewall.Configuration;
using Gtp.Firewall.Handover;
using Gtp.Firewall.Inspection;
using Gtp.Firewall.Tests.Support;
using static Gtp.Firewall.Tests.Support.V1Flow;

namespace Gtp.Firewall.Tests.Reload;

/// <summary>The engine swaps its compiled policy between packets; the tunnel table stays.</summary>
public class PolicyReplacementTests
{
    [Fact]
    public void ATunnelSurvivesAPolicySwapAndItsGPdusAreStillAccepted()
    {
        var h = new Harness();
        Establish(h);
        var renamed = Scenario.Options();
        renamed.Policies[0].Name = "vplmn-to-hplmn-reloaded";
        var next = FirewallPolicyCompiler.Compile(renamed);

        h.Engine.ReplacePolicy(next);

        Assert.Same(next, h.Engine.Policy);
        Assert.Equal(1, h.Engine.Tunnels.Count);
        Assert.Equal(Verdict.Permit, h.User(Sgsn, Ggsn, Gtp1.GPdu(GgsnTeidU, Harness.InnerPacket(80))).Verdict);
        Assert.Equal(80, h.SingleContext().Usage.UplinkBytes);
    }

    [Fact]
    public void TheNextPacketIsJudgedByTheNewPolicyAndTheTunnelOutlivesADenyingOne()
    {
        var h = new Harness();
        Establish(h);
        var denying = Scenario.Options();
        denying.Policies[0].Action = "deny";

        h.Engine.ReplacePolicy(FirewallPolicyCompiler.Compile(denying));
        var denied = h.User(Sgsn, Ggsn, Gtp1.GPdu(GgsnTeidU, Harness.InnerPacket()));
        h.Engine.ReplacePolicy(FirewallPolicyCompiler.Compile(Scenario.Options()));
        var permitted = h.User(Sgsn, Ggsn, Gtp1.GPdu(GgsnTeidU, Harness.InnerPacket(60)));

        Assert.Equal((Verdict.Drop, DropReason.PolicyDenied), (denied.Verdict, denied.Reason));
        Assert.Equal(Verdict.Permit, permitted.Verdict);
        Assert.Equal(1, h.Engine.Tunnels.Count);
        Assert.Equal(60, h.SingleContext().Usage.UplinkBytes);
    }

    [Fact]
    public void AReloadedHandoverGroupDecidesTheNextHandover()
    {
        var h = new Harness();
        Establish(h);
        // Y and Z in different groups, handover between groups denied: an SGSN change Y → Z is refused.
        h.Engine.ReplacePolicy(FirewallPolicyCompiler.Compile(Scenario.WithSecondGroup(Scenario.Options(handoverDefault: "deny"))));

        var result = h.Control(Scenario.ZvSgw1, Ggsn, UpdatePdpRequest(Scenario.ZvSgw1));

        Assert.Equal(HandoverDecision.Denied, result.Handover);
        Assert.Equal(1, h.Engine.Tunnels.Count);
    }
}
