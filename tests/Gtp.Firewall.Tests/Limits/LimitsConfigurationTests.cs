using Gtp.Firewall.Configuration;
using Gtp.Firewall.Limits;
using Gtp.Firewall.Tests.Support;

namespace Gtp.Firewall.Tests.Limits;

/// <summary>The profile limit keys in JSON: bound, compiled, and refused with the key that is wrong.</summary>
public class LimitsConfigurationTests
{
    private const string Json = """
        { "Firewall": { "GtpProfiles": { "P": {
            "RateLimit": { "AlarmThreshold": 100, "DropThreshold": 200, "MessageTypes": { "V1": [16, 18], "V2": [32] } },
            "ApnControls": { "web": { "Apn": "internet.*", "DropThreshold": 50 }, "all": { "Apn": "*", "AlarmThreshold": 10 } },
            "ApnFilters": [
                { "Apn": "*", "Action": "drop" },
                { "Apn": "*.example.com", "ImsiPrefix": "00101", "Action": "selection", "SelectionModes": [ "ms", "vrf" ] } ],
            "TunnelLimit": 5000 } } } }
        """;

    [Fact]
    public void BindsAndCompilesEveryKey()
    {
        var options = FirewallConfigurationLoader.BindJson(Json);
        var profile = options.GtpProfiles["P"];
        Assert.Equal((100, 200), (profile.RateLimit!.AlarmThreshold, profile.RateLimit.DropThreshold));
        Assert.Equal([16, 18], profile.RateLimit.MessageTypes!.V1);

        var limits = ProfileLimitsCompiler.Compile("Firewall:GtpProfiles:P", "P", profile);
        Assert.Equal(5000, limits.TunnelLimit);
        Assert.Equal((100, 200), (limits.GsnRateLimit!.AlarmThreshold, limits.GsnRateLimit.DropThreshold));
        // Most specific APN control first.
        Assert.Equal(["web", "all"], limits.ApnControls.Select(c => c.Name));
        Assert.Equal("P/web", limits.ApnControls[0].Key);
        Assert.Equal([1, 0], limits.ApnFilter.Rules.Select(r => r.Index));
        Assert.Equal(SelectionModes.MsProvided | SelectionModes.Verified, limits.ApnFilter.Rules[0].Selection);
    }

    [Fact]
    public void AProfileWithoutLimitsSharesTheEmptyOne()
    {
        Assert.Same(ProfileLimits.None, ProfileLimitsCompiler.Compile("k", "P", new GtpProfileOptions()));
    }

    [Fact]
    public void AnUnknownKeyIsRefused()
    {
        var e = Assert.Throws<FirewallConfigurationException>(() => FirewallConfigurationLoader.BindJson(
            """{ "Firewall": { "GtpProfiles": { "P": { "RateLimit": { "DropTreshold": 5 } } } } }"""));
        Assert.Contains("DropTreshold", e.Message);
    }

    [Fact]
    public void ARateLimitNeedsAThresholdAndAMessageTypeList()
    {
        // An empty JSON object binds as absent, so these shapes come from code (or a future binder).
        var e = Assert.Throws<FirewallConfigurationException>(() => ProfileLimitsCompiler.Compile("K", "P", new GtpProfileOptions { RateLimit = new() }));
        Assert.Equal(("K:RateLimit", "K:RateLimit: needs AlarmThreshold or DropThreshold"), (e.Key, e.Message));
        e = Assert.Throws<FirewallConfigurationException>(() => ProfileLimitsCompiler.Compile("K", "P",
            new GtpProfileOptions { RateLimit = new() { DropThreshold = 1, MessageTypes = new() } }));
        Assert.Equal("K:RateLimit:MessageTypes", e.Key);
    }

    [Theory]
    [InlineData("""{ "RateLimit": { "DropThreshold": 80001 } }""", "Firewall:GtpProfiles:Scenario-1:RateLimit:DropThreshold", "80001 is not 1-80000")]
    [InlineData("""{ "RateLimit": { "AlarmThreshold": 0 } }""", "Firewall:GtpProfiles:Scenario-1:RateLimit:AlarmThreshold", "0 is not 1-80000")]
    [InlineData("""{ "RateLimit": { "DropThreshold": 1, "MessageTypes": { "V2": [ 300 ] } } }""", "Firewall:GtpProfiles:Scenario-1:RateLimit:MessageTypes:V2:0", "300 is not a message type (1-255)")]
    [InlineData("""{ "ApnControls": { "x": { "Apn": "a*b", "DropThreshold": 1 } } }""", "Firewall:GtpProfiles:Scenario-1:ApnControls:x:Apn", "'a*b'")]
    [InlineData("""{ "ApnControls": { "x": { "Apn": "ims" } } }""", "Firewall:GtpProfiles:Scenario-1:ApnControls:x", "needs AlarmThreshold")]
    [InlineData("""{ "ApnFilters": [ { "Apn": "ims", "Action": "reject" } ] }""", "Firewall:GtpProfiles:Scenario-1:ApnFilters:0:Action", "'reject' is not pass, drop or selection")]
    [InlineData("""{ "ApnFilters": [ { "Apn": "ims", "ImsiPrefix": "00x", "Action": "drop" } ] }""", "Firewall:GtpProfiles:Scenario-1:ApnFilters:0:ImsiPrefix", "'00x'")]
    [InlineData("""{ "ApnFilters": [ { "Apn": "ims", "Action": "selection" } ] }""", "Firewall:GtpProfiles:Scenario-1:ApnFilters:0:SelectionModes", "needs at least one")]
    [InlineData("""{ "ApnFilters": [ { "Apn": "ims", "Action": "selection", "SelectionModes": [ "mobile" ] } ] }""", "Firewall:GtpProfiles:Scenario-1:ApnFilters:0:SelectionModes:0", "'mobile'")]
    [InlineData("""{ "ApnFilters": [ { "Apn": "ims", "Action": "drop", "SelectionModes": [ "ms" ] } ] }""", "Firewall:GtpProfiles:Scenario-1:ApnFilters:0:SelectionModes", "only action selection")]
    [InlineData("""{ "TunnelLimit": 0 }""", "Firewall:GtpProfiles:Scenario-1:TunnelLimit", "0 is not 1-")]
    public void BadValuesNameTheirKey(string profileJson, string key, string message)
    {
        var o = Scenario.Options();
        var bound = FirewallConfigurationLoader.BindJson($$"""{ "Firewall": { "GtpProfiles": { "Scenario-1": {{profileJson}} } } }""");
        var limits = bound.GtpProfiles["Scenario-1"];
        limits.HandoverGroups = ["hg-AT"];
        o.GtpProfiles["Scenario-1"] = limits;
        var e = Assert.Throws<FirewallConfigurationException>(() => FirewallOptionsValidator.Compile(o));
        Assert.Equal(key, e.Key);
        Assert.Contains(message, e.Message);
    }
}
