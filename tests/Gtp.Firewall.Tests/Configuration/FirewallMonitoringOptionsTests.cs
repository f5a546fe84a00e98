using Gtp.Firewall.Configuration;

namespace Gtp.Firewall.Tests.Configuration;

public class FirewallMonitoringOptionsTests
{
    [Fact]
    public void TheHttpEndpointListensOnLoopbackPort9387UnlessConfigured()
    {
        var options = FirewallConfigurationLoader.BindJson("""{ "Firewall": { "HandoverDefault": "permit" } }""");
        Assert.Equal("http://127.0.0.1:9387", options.Http.Urls);
        Assert.Equal((90, 10_000, TimeSpan.FromSeconds(30)),
            (options.Alarms.NearCapacityPercent, options.Alarms.ChargingBacklog, options.Alarms.QueueOverloadClearAfter));
    }

    [Fact]
    public void AnEmptyUrlTurnsTheEndpointOff()
    {
        var options = FirewallConfigurationLoader.BindJson("""{ "Firewall": { "Http": { "Urls": "" } } }""");
        Assert.Equal("", options.Http.Urls);
        FirewallOptionsValidator.Compile(options);
    }

    [Theory]
    [InlineData("""{ "Http": { "Urls": "http://example.org:9387" } }""", "Firewall:Http:Urls: 'http://example.org:9387': host 'example.org' is not an IP address or localhost")]
    [InlineData("""{ "Http": { "StatusRefresh": "00:00:00" } }""", "Firewall:Http:StatusRefresh: 00:00:00 is not in 00:00:01-01:00:00")]
    [InlineData("""{ "Alarms": { "NearCapacityPercent": 101 } }""", "Firewall:Alarms:NearCapacityPercent: 101 is not 11-100")]
    [InlineData("""{ "Alarms": { "ChargingBacklog": 0 } }""", "Firewall:Alarms:ChargingBacklog: 0 must be at least 2")]
    [InlineData("""{ "Alarms": { "QueueOverloadClearAfter": "02:00:00" } }""", "Firewall:Alarms:QueueOverloadClearAfter: 02:00:00 is not in 00:00:01-01:00:00")]
    public void BadValuesAreOneLineNamingTheKey(string firewall, string expected)
    {
        var options = FirewallConfigurationLoader.BindJson($$"""{ "Firewall": {{firewall}} }""");
        var error = Assert.Throws<FirewallConfigurationException>(() => FirewallOptionsValidator.Compile(options));
        Assert.Equal(expected, error.Message);
    }
}
