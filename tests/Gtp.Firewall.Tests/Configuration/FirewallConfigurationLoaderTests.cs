using Gtp.Firewall.Configuration;

namespace Gtp.Firewall.Tests.Configuration;

public sealed class FirewallConfigurationLoaderTests
{
    [Fact]
    public void TheDeliverySettingsBindFromTheChargingSectionItself()
    {
        var options = FirewallConfigurationLoader.BindJson("""
            { "Firewall": { "Charging": {
                "Cgfs": [ { "Host": "10.0.0.9", "Port": 3390, "Tcp": true, "LocalAddress": "10.0.0.1", "LocalPort": 3401 } ],
                "Outbox": "fw.db", "Window": 7, "MaxCdrsInFlight": 70, "T3": "00:00:02", "N3": 5,
                "EchoInterval": "00:00:30", "AllowedRecommendedNodes": [ "10.0.0.9" ],
                "NodeId": "fw-1", "VolumeLimit": 1000
            } } }
            """);

        var charging = options.Charging;
        Assert.True(charging.Enabled);
        var cgf = Assert.Single(charging.Cdf.Cgfs);
        Assert.Equal(("10.0.0.9", 3390, true, "10.0.0.1", 3401), (cgf.Host, cgf.Port, cgf.Tcp, cgf.LocalAddress, cgf.LocalPort));
        Assert.Equal("fw.db", charging.Cdf.StatePath);
        Assert.Equal(7, charging.Cdf.Window);
        Assert.Equal(70, charging.Cdf.MaxCdrsInFlight);
        Assert.Equal(TimeSpan.FromSeconds(2), charging.Cdf.T3);
        Assert.Equal(5, charging.Cdf.N3);
        Assert.Equal(TimeSpan.FromSeconds(30), charging.Cdf.EchoInterval);
        Assert.Equal(["10.0.0.9"], charging.Cdf.AllowedRecommendedNodes);
        Assert.Equal("fw-1", charging.NodeId);
        Assert.Equal(1000, charging.VolumeLimit);
    }

    [Fact]
    public void WithoutAChargingSectionTheFirewallsDefaultsStay()
    {
        var options = FirewallConfigurationLoader.BindJson("""{ "Firewall": { "HandoverDefault": "deny" } }""");

        Assert.False(options.Charging.Enabled);
        Assert.Equal("firewall-cdf.db", options.Charging.Outbox);
        Assert.Equal(256, options.Charging.Cdf.Window);
    }

    [Fact]
    public void ADeliveryValueThatDoesNotConvertNamesTheSection()
    {
        var e = Assert.Throws<FirewallConfigurationException>(() => FirewallConfigurationLoader.BindJson("""{ "Firewall": { "Charging": { "Window": "many" } } }"""));

        Assert.Equal("Firewall", e.Key);
    }
}
