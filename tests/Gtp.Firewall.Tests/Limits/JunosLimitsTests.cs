using Gtp.Firewall.CommandLine;
using Gtp.Firewall.Configuration;
using Gtp.Firewall.Configuration.Junos;
using Gtp.Firewall.Inspection;
using Gtp.Firewall.Tests.Support;
using System.Text.Json.Nodes;

namespace Gtp.Firewall.Tests.Limits;

/// <summary>The Junos limit statements: converted by <c>config convert</c>, refused with their line, and replayed.</summary>
public class JunosLimitsTests
{
    private static string Example => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "examples", "scenario-1.set.conf"));

    private const string Statements = """
        set security gtp apn-control ctl-ims apn ims
        set security gtp apn-control ctl-ims rate-limit alarm-threshold 1
        set security gtp apn-control ctl-ims rate-limit drop-threshold 2
        set security gtp profile Scenario-1 apn-control ctl-ims
        set security gtp profile Scenario-1 rate-limit 1000
        set security gtp profile Scenario-1 rate-limit alarm-threshold 500
        set security gtp profile Scenario-1 limit tunnel 1
        set security gtp profile Scenario-1 apn * imsi-prefix * action drop
        set security gtp profile Scenario-1 apn internet.* imsi-prefix 00101 action selection ms
        set security gtp profile Scenario-1 apn internet.* imsi-prefix 00101 action selection vrf
        set security gprs gtp profile Scenario-1 apn ims mcc-mnc 00101 action pass
        """;

    private static JsonObject Profile(string text)
    {
        Assert.True(JunosConfigConverter.Convert(text, out var json, out var errors), string.Join('\n', errors));
        return JsonNode.Parse(json)!["GtpProfiles"]!["Scenario-1"]!.AsObject();
    }

    [Fact]
    public void StatementsBecomeTheProfileKeys()
    {
        var profile = Profile(Example + "\n" + Statements);
        var expected = JsonNode.Parse("""
            {
              "HandoverOnRoamingInterface": true,
              "HandoverGroups": [ "hg-AT" ],
              "RateLimit": { "AlarmThreshold": 500, "DropThreshold": 1000 },
              "ApnControls": { "ctl-ims": { "Apn": "ims", "AlarmThreshold": 1, "DropThreshold": 2 } },
              "ApnFilters": [
                { "Apn": "*", "ImsiPrefix": "*", "Action": "drop" },
                { "Apn": "internet.*", "ImsiPrefix": "00101", "Action": "selection", "SelectionModes": [ "ms", "vrf" ] },
                { "Apn": "ims", "ImsiPrefix": "00101", "Action": "pass" }
              ],
              "TunnelLimit": 1
            }
            """);
        Assert.True(JsonNode.DeepEquals(expected, profile), profile.ToJsonString());
    }

    [Theory]
    [InlineData("set security gtp profile Scenario-1 limit tunnel many", "expected 'limit tunnel N'")]
    [InlineData("set security gtp profile Scenario-1 rate-limit burst 5", "expected 'rate-limit")]
    [InlineData("set security gtp apn-control c rate-limit message v1-list", "message lists are not supported")]
    [InlineData("set security gtp profile Scenario-1 apn ims imsi-prefix 001 action reject", "expected 'action pass'")]
    [InlineData("set security gtp profile Scenario-1 apn ims imsi-prefix 001", "expected 'apn PATTERN")]
    [InlineData("set security gtp profile Scenario-1 apn-control nowhere", "apn-control 'nowhere' is not defined")]
    [InlineData("set security gtp apn-control lonely rate-limit drop-threshold 5", "apn-control 'lonely' has no 'apn STRING'")]
    public void BadStatementsAreReportedWithTheirLine(string statement, string message)
    {
        var text = Example + "\n" + statement + "\n";
        var line = text.Split('\n').Length - 1;
        Assert.False(JunosConfigConverter.Convert(text, out _, out var errors));
        var error = Assert.Single(errors);
        Assert.Equal(line, error.LineNumber);
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void ConfigConvertPrintsTheLimitKeys()
    {
        using var directory = new TempDirectory();
        var path = directory.File("limits.set.conf");
        File.WriteAllText(path, Example + "\n" + Statements);
        var output = new StringWriter();

        Assert.Equal(0, ConvertCommand.Run(path, output));

        var profile = JsonNode.Parse(output.ToString())!["Firewall"]!["GtpProfiles"]!["Scenario-1"]!;
        Assert.Equal(1, (int)profile["TunnelLimit"]!);
        Assert.Equal(1000, (int)profile["RateLimit"]!["DropThreshold"]!);
    }

    [Fact]
    public void OutOfRangeValuesAreRefusedByTheValidatorNamingTheKey()
    {
        var json = FirewallConfigurationLoader.ConvertJunos(Example + "\nset security gtp profile Scenario-1 rate-limit 90000\n");
        var e = Assert.Throws<FirewallConfigurationException>(() => FirewallOptionsValidator.Compile(FirewallConfigurationLoader.BindJson(json)));
        Assert.Equal("Firewall:GtpProfiles:Scenario-1:RateLimit:DropThreshold", e.Key);
    }

    [Fact]
    public void ConvertedStatementsReplayWithTheSameVerdictsAsTheJson()
    {
        var options = FirewallConfigurationLoader.BindJson(FirewallConfigurationLoader.ConvertJunos(Example + "\n" + Statements));
        var h = new Harness(options);
        // internet.* from IMSI 00101…: selection ms/vrf; the Create PDP Context Request below has no Selection Mode IE.
        Assert.Equal(DropReason.SelectionModeDenied, h.Control(V1Flow.Sgsn, V1Flow.Ggsn, V1Flow.CreatePdpRequest(seq: 1)).Reason);
        // Any other APN: the "*" rule drops.
        Assert.Equal(DropReason.ApnFiltered, h.Control(V1Flow.Sgsn, V1Flow.Ggsn, Gtp1.Control(16, 0, 2,
            Gtp1.Imsi(Scenario.Imsi), Gtp1.TeidDataI(1), Gtp1.TeidControl(1), Gtp1.Nsapi(5), Gtp1.EndUserDynamic(), Gtp1.Apn("mms"),
            Gtp1.GsnAddress(V1Flow.Sgsn), Gtp1.GsnAddress(V1Flow.Sgsn))).Reason);
        // ims passes the filter, creates one context (the tunnel limit is 1), then the GSNs are full.
        V2Flow.Establish(h);
        Assert.Equal(DropReason.GsnTunnelLimit, h.Control(Scenario.YvSgw2, Scenario.XhPgw, V2Flow.CreateSessionRequest(Scenario.YvSgw2, seq: 9)).Reason);
        // The ims control allows 2 messages carrying APN ims per second: the third in this second is dropped.
        var third = h.Control(Scenario.YvSgw2, Scenario.XhPgw, V2Flow.CreateSessionRequest(Scenario.YvSgw2, seq: 10));
        Assert.Equal(DropReason.ApnRateLimited, third.Reason);
    }
}
