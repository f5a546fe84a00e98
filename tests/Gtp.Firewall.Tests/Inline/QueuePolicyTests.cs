using Gtp.Firewall.Configuration;
using Gtp.Firewall.Inline;
using Gtp.Firewall.Inspection;
using Gtp.Firewall.Tests.Support;

namespace Gtp.Firewall.Tests.Inline;

/// <summary>
/// A reload reaches every queue thread of one engine (docs/firewall-multicore.md): the first queue to look takes the
/// policy into the engine, and every queue's interface zones follow the engine's policy before its next batch.
/// Interface index 1 is the loopback interface <c>lo</c> in every network namespace.
/// </summary>
public class QueuePolicyTests
{
    private const uint Loopback = 1;

    /// <summary>Zones vplmn and hplmn; <paramref name="loopbackZone"/> has interface lo.</summary>
    private static Policies.FirewallPolicy Compile(string loopbackZone)
    {
        var options = Scenario.Options();
        options.Zones[loopbackZone].Interfaces = ["lo"];
        options.Zones[loopbackZone == "vplmn" ? "hplmn" : "vplmn"].Interfaces = [];
        return FirewallPolicyCompiler.Compile(options);
    }

    [SkippableFact]
    public void APostedPolicyIsTakenOnceIntoTheEngineAndEveryQueuesZonesFollowIt()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "interface names by index: Linux only");
        var before = Compile("vplmn");
        var after = Compile("hplmn");
        var engine = new GtpInspectionEngine(before);
        var mailbox = new PolicyMailbox();
        var first = new QueuePolicy(engine, mailbox);
        var second = new QueuePolicy(engine, mailbox);
        Assert.Equal(before.Zones.Single(z => z.Name == "vplmn").Index, second.Zones.ZoneOf(Loopback));
        Assert.False(first.Refresh());

        mailbox.Post(after);

        Assert.True(first.Refresh());
        Assert.Same(after, engine.Policy);
        Assert.False(second.Refresh());
        var hplmn = after.Zones.Single(z => z.Name == "hplmn").Index;
        // lo's zone index changes with the policy, so a map not rebuilt would give the old one.
        Assert.NotEqual(before.Zones.Single(z => z.Name == "vplmn").Index, hplmn);
        Assert.Equal(hplmn, first.Zones.ZoneOf(Loopback));
        Assert.Equal(hplmn, second.Zones.ZoneOf(Loopback));
        Assert.False(first.Refresh());
    }
}
