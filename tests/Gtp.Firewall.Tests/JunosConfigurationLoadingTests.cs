using Gtp.Firewall.Configuration;
using Gtp.Firewall.Packets;

namespace Gtp.Firewall.Tests;

public class JunosConfigurationLoadingTests
{
    [Fact]
    public void AJunosSetFileIsDetectedConvertedAndCompiled()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "examples", "scenario-1.set.conf");
        var policy = FirewallConfigurationLoader.Load(path);
        Assert.True(policy.Profiles["Scenario-1"].HandoverOnRoamingInterface);
        Assert.True(policy.HandoverGroups["hg-AT"].Members.Contains(IpAddress128.Parse("30.30.30.10")));
        Assert.Equal(2, policy.Rules.Count);
        Assert.Equal(0, policy.ZoneOf(IpAddress128.Parse("20.20.20.10")) + policy.ZoneOf(IpAddress128.Parse("30.30.30.10")) - 2 * policy.ZoneOf(IpAddress128.Parse("20.20.20.1")));
    }

    [Fact]
    public void AJunosErrorIsOneLineNamingTheStatement()
    {
        var path = Path.Combine(Path.GetTempPath(), $"bad-{Guid.NewGuid():N}.conf");
        File.WriteAllText(path, "set security gtp profile P handover-group hg-missing\n");
        try
        {
            var e = Assert.Throws<FirewallConfigurationException>(() => FirewallConfigurationLoader.Load(path));
            Assert.DoesNotContain('\n', e.Message);
            Assert.Contains("hg-missing", e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
