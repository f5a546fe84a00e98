using Gtp.Firewall.Configuration;
using Gtp.Firewall.Inline;
using Gtp.Firewall.Inspection;
using Gtp.Firewall.Tests.Support;

namespace Gtp.Firewall.Tests.Inline;

/// <summary>Zones from the queue's in/out interfaces (inline) rather than from address networks (replay).</summary>
public class InterfaceZoneTests
{
    private static FirewallOptions NetnsOptions() =>
        FirewallConfigurationLoader.LoadOptions(Path.Combine(AppContext.BaseDirectory, "netns", "firewall.json"));

    [Fact]
    public void TheNetnsConfigurationHasZonesOnlyByInterfaceSoReplayFindsNoZone()
    {
        var engine = new GtpInspectionEngine(FirewallPolicyCompiler.Compile(NetnsOptions()));
        var packet = Ip.Udp("20.20.20.10", "10.10.10.2", 2152, 2152, Gtp1.GPdu(0xD001, Harness.InnerPacket()));

        var result = engine.Inspect(packet, DateTime.UtcNow.Ticks);

        Assert.Equal(DropReason.NoZone, result.Reason);
    }

    [Fact]
    public void ZonesGivenByTheFrontEndSelectThePolicy()
    {
        var policy = FirewallPolicyCompiler.Compile(NetnsOptions());
        var vplmn = policy.Zones.Single(z => z.Name == "vplmn").Index;
        var hplmn = policy.Zones.Single(z => z.Name == "hplmn").Index;
        var engine = new GtpInspectionEngine(policy);
        var packet = Ip.Udp("20.20.20.10", "10.10.10.2", 2152, 2152, Gtp1.GPdu(0xD001, Harness.InnerPacket()));

        var forward = engine.Inspect(packet, DateTime.UtcNow.Ticks, vplmn, hplmn);
        var reverse = engine.Inspect(packet, DateTime.UtcNow.Ticks, hplmn, vplmn);
        var unknown = engine.Inspect(packet, DateTime.UtcNow.Ticks, -1, -1);

        // vplmn -> hplmn permits GTP from Y-mobile to X-mobile, so the G-PDU reaches the tunnel check.
        Assert.Equal(DropReason.NoTunnel, forward.Reason);
        // hplmn -> vplmn only permits X-mobile sources: the implicit final deny.
        Assert.Equal(DropReason.PolicyDenied, reverse.Reason);
        Assert.Equal(DropReason.NoZone, unknown.Reason);
    }

    [Fact]
    public void AnInterfaceIsMappedToItsZoneByNameAndAnUnlistedOneToNone()
    {
        var options = NetnsOptions();
        options.Zones["hplmn"].Interfaces.Add("lo");
        var policy = FirewallPolicyCompiler.Compile(options);
        var zones = new InterfaceZones(policy);

        // The loopback interface is index 1 in every network namespace.
        Assert.Equal("lo", InterfaceZones.NameOf(1));
        Assert.Equal(policy.Zones.Single(z => z.Name == "hplmn").Index, zones.ZoneOf(1));
        Assert.Equal(-1, zones.ZoneOf(0));
        Assert.Equal(-1, zones.ZoneOf(999_999));
    }

    [Fact]
    public void ReplayZonesStillComeFromNetworks()
    {
        var h = new Harness();
        var result = V2Flow.Uplink(h, Scenario.YvSgw1);
        Assert.NotEqual(DropReason.NoZone, result.Reason);
    }
}
