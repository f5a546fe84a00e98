using Gtp.Firewall.CommandLine;
using Gtp.Firewall.Configuration;
using Gtp.Firewall.Configuration.Junos;
using Gtp.Firewall.Filtering;
using Gtp.Firewall.Inspection;
using Gtp.Firewall.Tests.Support;
using System.Text.Json.Nodes;

namespace Gtp.Firewall.Tests.Filtering;

/// <summary>The message filter keys in JSON and as Junos statements: bound, refused naming the key or line, converted and replayed.</summary>
public class MessageFilterConfigurationTests
{
    private static string Example => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "examples", "scenario-1.set.conf"));

    private const string Statements = """
        set security gtp profile Scenario-1 drop create-pdp 1
        set security gprs gtp profile Scenario-1 drop echo all
        set security gtp profile Scenario-1 drop 99 2
        set security gtp profile Scenario-1 min-message-length 4
        set security gtp profile Scenario-1 message-length version v2 max-message-length 1200 min-message-length 8
        set security gtp profile Scenario-1 seq-number-validated
        set security gtp profile Scenario-1 gtp-in-gtp-denied
        set security gtp profile Scenario-1 end-user-address-validated
        """;

    [Fact]
    public void StatementsBecomeTheProfileKeys()
    {
        Assert.True(JunosConfigConverter.Convert(Example + "\n" + Statements, out var json, out var errors), string.Join('\n', errors));
        var profile = JsonNode.Parse(json)!["GtpProfiles"]!["Scenario-1"]!.AsObject();
        var expected = JsonNode.Parse("""
            {
              "HandoverOnRoamingInterface": true,
              "HandoverGroups": [ "hg-AT" ],
              "DropMessageTypes": { "V0": [ 1, 2 ], "V1": [ 1, 2, 16, 17 ], "V2": [ 1, 2, 99 ] },
              "MessageLength": { "V0": { "Min": 4 }, "V1": { "Min": 4 }, "V2": { "Min": 8, "Max": 1200 } },
              "SequenceNumberValidated": true,
              "GtpInGtpDenied": true,
              "EndUserAddressValidated": true
            }
            """);
        Assert.True(JsonNode.DeepEquals(expected, profile), profile.ToJsonString());
    }

    [Theory]
    [InlineData("set security gtp profile Scenario-1 drop create-session 1", "'create-session' is not a GTPv1 message")]
    [InlineData("set security gtp profile Scenario-1 drop teleport all", "'teleport' is not a GTP message name")]
    [InlineData("set security gtp profile Scenario-1 drop echo 3", "'3' is not a GTP version")]
    [InlineData("set security gtp profile Scenario-1 max-message-length lots", "max-message-length needs a number")]
    [InlineData("set security gtp profile Scenario-1 message-length version v4 max-message-length 9", "expected a version")]
    [InlineData("set security gtp profile Scenario-1 seq-number-validated yes", "'seq-number-validated' takes no value")]
    public void BadStatementsAreReportedWithTheirLine(string statement, string message)
    {
        var text = Example + "\n" + statement + "\n";
        var line = text.Split('\n').Length - 1;
        Assert.False(JunosConfigConverter.Convert(text, out _, out var errors));
        var error = Assert.Single(errors);
        Assert.Equal(line, error.LineNumber);
        Assert.Contains(message, error.Message);
    }

    [Theory]
    [InlineData("\"DropMessageTypes\": { \"V1\": [ 0 ] }", "Firewall:GtpProfiles:Scenario-1:DropMessageTypes:V1:0")]
    [InlineData("\"MessageLength\": { \"V2\": { \"Max\": 70000 } }", "Firewall:GtpProfiles:Scenario-1:MessageLength:V2:Max")]
    [InlineData("\"MessageLength\": { \"V0\": { \"Min\": -1 } }", "Firewall:GtpProfiles:Scenario-1:MessageLength:V0:Min")]
    [InlineData("\"MessageLength\": { \"V1\": { \"Min\": 100, \"Max\": 50 } }", "Firewall:GtpProfiles:Scenario-1:MessageLength:V1")]
    public void BadJsonValuesNameTheirKey(string keys, string key)
    {
        var json = FirewallConfigurationLoader.ConvertJunos(Example).Replace("\"HandoverOnRoamingInterface\": true", keys + ", \"HandoverOnRoamingInterface\": true");
        Assert.Contains(keys, json);
        var e = Assert.Throws<FirewallConfigurationException>(() => FirewallOptionsValidator.Compile(FirewallConfigurationLoader.BindJson(json)));
        Assert.Equal(key, e.Key);
    }

    [Fact]
    public void AValueThatDoesNotConvertNamesItsKeyInsteadOfDroppingTheProfile()
    {
        var json = FirewallConfigurationLoader.ConvertJunos(Example).Replace("\"HandoverOnRoamingInterface\": true", "\"GtpInGtpDenied\": \"yes\", \"HandoverOnRoamingInterface\": true");
        var e = Assert.Throws<FirewallConfigurationException>(() => FirewallConfigurationLoader.BindJson(json));
        Assert.Contains("'yes' at 'Firewall:GtpProfiles:Scenario-1:GtpInGtpDenied'", e.Message);
    }

    [Fact]
    public void AnUnknownKeyIsRefused()
    {
        var json = FirewallConfigurationLoader.ConvertJunos(Example).Replace("\"HandoverOnRoamingInterface\": true", "\"GtpInGtpDenyed\": true, \"HandoverOnRoamingInterface\": true");
        var e = Assert.Throws<FirewallConfigurationException>(() => FirewallConfigurationLoader.BindJson(json));
        Assert.Contains("GtpInGtpDenyed", e.Message);
    }

    [Fact]
    public void AProfileWithoutFiltersSharesTheEmptyOne() =>
        Assert.Same(MessageFilter.None, MessageFilterCompiler.Compile("k", new GtpProfileOptions()));

    [Fact]
    public void ConfigConvertPrintsTheFilterKeys()
    {
        using var directory = new TempDirectory();
        var path = directory.File("filter.set.conf");
        File.WriteAllText(path, Example + "\n" + Statements);
        var output = new StringWriter();
        Assert.Equal(0, ConvertCommand.Run(path, output));
        var profile = JsonNode.Parse(output.ToString())!["Firewall"]!["GtpProfiles"]!["Scenario-1"]!;
        Assert.True((bool)profile["GtpInGtpDenied"]!);
        Assert.Equal(1200, (int)profile["MessageLength"]!["V2"]!["Max"]!);
    }

    [Fact]
    public void ConvertedStatementsReplayWithTheSameVerdictsAsTheJson()
    {
        var options = FirewallConfigurationLoader.BindJson(FirewallConfigurationLoader.ConvertJunos(Example + "\n" +
            "set security gtp profile Scenario-1 drop update-pdp 1\nset security gtp profile Scenario-1 gtp-in-gtp-denied\n"));
        var h = new Harness(options);
        V1Flow.Establish(h);
        Assert.Equal(DropReason.MessageTypeFiltered, h.Control(V1Flow.Sgsn, V1Flow.Ggsn, V1Flow.UpdatePdpRequest(V1Flow.Sgsn)).Reason);
        var gtpInGtp = Ip.V4("100.64.0.9", "192.0.2.1", Ip.UdpSegment(40000, 2152, new byte[12]));
        Assert.Equal(DropReason.GtpInGtp, h.User(V1Flow.Sgsn, V1Flow.Ggsn, Gtp1.GPdu(V1Flow.GgsnTeidU, gtpInGtp)).Reason);
        Assert.Equal(Verdict.Permit, h.User(V1Flow.Sgsn, V1Flow.Ggsn, Gtp1.GPdu(V1Flow.GgsnTeidU, Harness.InnerPacket())).Verdict);
    }
}
