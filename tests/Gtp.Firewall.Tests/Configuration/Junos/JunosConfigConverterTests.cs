using Gtp.Firewall.Configuration.Junos;
using System.Text.Json.Nodes;

namespace Gtp.Firewall.Tests.Configuration.Junos;

public class JunosConfigConverterTests
{
    private static string ExampleText => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "examples", "scenario-1.set.conf"));

    /// <summary>The appsettings.json Firewall section without the keys the converter leaves to appsettings (TunnelIdleTimeout, Syslog).</summary>
    private static JsonObject ContractSection()
    {
        var root = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "appsettings.contract.json")))!.AsObject();
        var firewall = root["Firewall"]!.DeepClone().AsObject();
        firewall.Remove("TunnelIdleTimeout");
        firewall.Remove("Syslog");
        // Usage charging has no Junos set equivalent (the firewall as CDF is this product's own feature).
        firewall.Remove("Charging");
        return firewall;
    }

    private static JsonObject ConvertOk(string text)
    {
        var ok = JunosConfigConverter.Convert(text, out var json, out var errors);
        Assert.True(ok, string.Join('\n', errors));
        Assert.Empty(errors);
        return JsonNode.Parse(json)!.AsObject();
    }

    private static IReadOnlyList<JunosConfigError> ConvertFails(string text)
    {
        Assert.False(JunosConfigConverter.Convert(text, out var json, out var errors));
        Assert.Equal(string.Empty, json);
        Assert.NotEmpty(errors);
        return errors;
    }

    [Fact]
    public void ExampleScenarioEqualsTheAppSettingsContract()
    {
        var converted = ConvertOk(ExampleText);

        Assert.True(JsonNode.DeepEquals(ContractSection(), converted), converted.ToJsonString());
    }

    [Fact]
    public void ComparisonDetectsASingleChangedValue()
    {
        // Guards the test above against comparing things that are trivially equal.
        var converted = ConvertOk(ExampleText.Replace("Z-vSGW-2 30.30.30.11/32", "Z-vSGW-2 30.30.30.12/32", StringComparison.Ordinal));

        Assert.False(JsonNode.DeepEquals(ContractSection(), converted));
    }

    [Fact]
    public void ExampleScenarioKeepsTheContractKeyOrder()
    {
        var converted = ConvertOk(ExampleText);

        Assert.Equal(["AddressBook", "HandoverGroups", "HandoverDefault", "GtpProfiles", "Zones", "Policies"], converted.Select(p => p.Key));
        Assert.Equal(ContractSection()["Policies"]!.ToJsonString(), converted["Policies"]!.ToJsonString());
    }

    [Fact]
    public void ConvertToSectionWrapsUnderFirewall()
    {
        Assert.True(JunosConfigConverter.ConvertToSection(ExampleText, out var json, out var errors));
        Assert.Empty(errors);

        var root = JsonNode.Parse(json)!.AsObject();
        Assert.Equal(["Firewall"], root.Select(p => p.Key));
        Assert.True(JsonNode.DeepEquals(ContractSection(), root["Firewall"]));
    }

    [Fact]
    public void OutputIsIndented()
    {
        Assert.True(JunosConfigConverter.Convert("set security gtp handover-default deny", out var json, out _));

        Assert.StartsWith("{\n  \"AddressBook\": {", json.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void OlderGprsGtpFormIsAccepted()
    {
        var converted = ConvertOk("""
            set security address-book global address a 10.0.0.1/32
            set security address-book global address-set s address a
            set security gprs gtp handover-group g address-book global address-set s
            set security gprs gtp handover-default deny
            set security gprs gtp profile p handover-on-roaming-intf
            set security gprs gtp profile p handover-group g
            """);

        Assert.Equal("s", (string?)converted["HandoverGroups"]!["g"]);
        Assert.Equal("deny", (string?)converted["HandoverDefault"]);
        Assert.True((bool)converted["GtpProfiles"]!["p"]!["HandoverOnRoamingInterface"]!);
        Assert.Equal("g", (string?)converted["GtpProfiles"]!["p"]!["HandoverGroups"]![0]);
    }

    [Fact]
    public void EmptyInputGivesEmptySectionsWithPermitDefault()
    {
        var converted = ConvertOk("# nothing yet\n\n");

        Assert.Equal("permit", (string?)converted["HandoverDefault"]);
        Assert.Empty(converted["AddressBook"]!["Addresses"]!.AsObject());
        Assert.Empty(converted["Policies"]!.AsArray());
    }

    [Fact]
    public void ProfileWithoutOptionsHasNoGroupsAndRoamingOff()
    {
        var converted = ConvertOk("set security gtp profile plain");

        Assert.False((bool)converted["GtpProfiles"]!["plain"]!["HandoverOnRoamingInterface"]!);
        Assert.Empty(converted["GtpProfiles"]!["plain"]!["HandoverGroups"]!.AsArray());
    }

    [Fact]
    public void ZoneWithoutNetworkStatementsHasEmptyNetworks()
    {
        var converted = ConvertOk("set security zones security-zone trust interfaces ge-0/0/0.0\nset security zones security-zone untrust");

        Assert.Equal("ge-0/0/0.0", (string?)converted["Zones"]!["trust"]!["Interfaces"]![0]);
        Assert.Empty(converted["Zones"]!["trust"]!["Networks"]!.AsArray());
        Assert.Empty(converted["Zones"]!["untrust"]!["Interfaces"]!.AsArray());
    }

    [Fact]
    public void PolicyWithAnyPlainAddressesAndDenyIsEmittedAsWritten()
    {
        var converted = ConvertOk("""
            set security zones security-zone a
            set security zones security-zone b
            set security address-book global address host1 192.0.2.1
            set security policies from-zone a to-zone b policy p1 match source-address any
            set security policies from-zone a to-zone b policy p1 match destination-address host1
            set security policies from-zone a to-zone b policy p1 match application any
            set security policies from-zone a to-zone b policy p1 then deny
            """);

        var policy = converted["Policies"]![0]!;
        Assert.Equal("any", (string?)policy["SourceAddresses"]![0]);
        Assert.Equal("host1", (string?)policy["DestinationAddresses"]![0]);
        Assert.Equal("any", (string?)policy["Applications"]![0]);
        Assert.Equal("deny", (string?)policy["Action"]);
        Assert.Null(policy["GtpProfile"]);
        Assert.Equal("192.0.2.1/32", (string?)converted["AddressBook"]!["Addresses"]!["host1"]);
    }

    [Fact]
    public void BracketListsInMatchAreExpanded()
    {
        var converted = ConvertOk("""
            set security zones security-zone a
            set security address-book global address h1 192.0.2.1/32
            set security address-book global address h2 192.0.2.2/32
            set security policies from-zone a to-zone a policy p match source-address [ h1 h2 ]
            set security policies from-zone a to-zone a policy p match destination-address any
            set security policies from-zone a to-zone a policy p match application [ junos-gprs-gtp junos-ping ]
            set security policies from-zone a to-zone a policy p then permit
            """);

        Assert.Equal(["h1", "h2"], converted["Policies"]![0]!["SourceAddresses"]!.AsArray().Select(n => (string?)n));
        Assert.Equal(["junos-gprs-gtp", "junos-ping"], converted["Policies"]![0]!["Applications"]!.AsArray().Select(n => (string?)n));
    }

    [Theory]
    [InlineData("2001:DB8::1/64", "2001:db8::1/64")]
    [InlineData("2001:db8::2", "2001:db8::2/128")]
    [InlineData("10.0.0.0/8", "10.0.0.0/8")]
    [InlineData("0.0.0.0/0", "0.0.0.0/0")]
    public void PrefixesAreNormalised(string written, string expected)
    {
        var converted = ConvertOk($"set security address-book global address n {written}");

        Assert.Equal(expected, (string?)converted["AddressBook"]!["Addresses"]!["n"]);
    }

    [Fact]
    public void QuotedDescriptionsCommentsAndCrLfAreHandled()
    {
        var converted = ConvertOk(
            "# header comment\r\n" +
            "   \r\n" +
            "set security address-book global address n 192.0.2.1/32 # trailing comment\r\n" +
            "set security address-book global address n description \"core # node \\\"one\\\"\"\r\n");

        Assert.Equal("192.0.2.1/32", (string?)converted["AddressBook"]!["Addresses"]!["n"]);
    }

    [Fact]
    public void LaterPrefixReplacesEarlierOneAsInJunos()
    {
        var converted = ConvertOk("set security address-book global address n 192.0.2.1/32\nset security address-book global address n 192.0.2.9/32");

        Assert.Equal("192.0.2.9/32", (string?)converted["AddressBook"]!["Addresses"]!["n"]);
    }

    [Theory]
    [InlineData("set security gtp profile p timeout 24")]
    [InlineData("set security gtp profile p remove-ie version v1 release R6")]
    [InlineData("set security address-book global address n range-address 10.0.0.1 to 10.0.0.9")]
    [InlineData("set security address-book global address n dns-name example.net")]
    [InlineData("set security zones security-zone z host-inbound-traffic system-services all")]
    [InlineData("set security policies from-zone a to-zone b policy p then reject")]
    [InlineData("set security policies from-zone a to-zone b policy p then permit tunnel ipsec-vpn v")]
    [InlineData("set security policies from-zone a to-zone b policy p match source-address")]
    [InlineData("set security nat source rule-set r from zone a")]
    [InlineData("set security gtp handover-group g address-set s")]
    [InlineData("set security gtp profile p handover-on-roaming-intf extra")]
    [InlineData("set security")]
    public void UnsupportedStatementReportsItsLineAndText(string statement)
    {
        var errors = ConvertFails($"# first line\n\n{statement}\n");

        var error = Assert.Single(errors);
        Assert.Equal(3, error.LineNumber);
        Assert.Equal(statement, error.Statement);
        Assert.Equal($"line 3: unsupported statement: {statement}", error.ToString());
    }

    [Fact]
    public void AllErrorsAreCollectedInLineOrder()
    {
        var errors = ConvertFails("""
            set security address-book global address ok 192.0.2.1/32
            delete security address-book global address ok
            set system host-name fw1
            set security address-book global address bad 300.1.1.1/32
            set security gtp handover-default maybe
            set security address-book global address q description "unterminated
            set security address-book zone-book address x 192.0.2.1/32
            """);

        Assert.Equal(
            [
                "line 2: only 'set' statements are supported, not 'delete': delete security address-book global address ok",
                "line 3: only 'set security' statements are supported: set system host-name fw1",
                "line 4: '300.1.1.1/32' is not an IPv4 or IPv6 prefix: set security address-book global address bad 300.1.1.1/32",
                "line 5: handover-default must be 'permit' or 'deny', not 'maybe': set security gtp handover-default maybe",
                "line 6: unterminated quoted string: set security address-book global address q description \"unterminated",
                "line 7: only the global address book is supported, not 'zone-book': set security address-book zone-book address x 192.0.2.1/32",
            ],
            errors.Select(e => e.ToString()));
    }

    [Theory]
    [InlineData("10.0.0.1/33")]
    [InlineData("10.0.0.1/")]
    [InlineData("10.1")]
    [InlineData("2001:db8::/129")]
    [InlineData("host.example")]
    public void MalformedPrefixIsAnError(string prefix)
    {
        var error = Assert.Single(ConvertFails($"set security address-book global address n {prefix}"));

        Assert.Equal(1, error.LineNumber);
        Assert.Contains($"'{prefix}' is not an IPv4 or IPv6 prefix", error.Message);
    }

    [Fact]
    public void MalformedZoneNetworkIsAnError()
    {
        var error = Assert.Single(ConvertFails("set security zones security-zone z network 10.0.0.0/40"));

        Assert.Equal("'10.0.0.0/40' is not an IPv4 or IPv6 prefix", error.Message);
    }

    [Fact]
    public void UndefinedReferencesNameTheStatementThatUsedThem()
    {
        var errors = ConvertFails("""
            set security zones security-zone a
            set security address-book global address-set s address missing-host
            set security address-book global address-set s address-set missing-set
            set security gtp handover-group g address-book global address-set no-such-set
            set security gtp profile p handover-group no-such-group
            set security policies from-zone a to-zone nowhere policy pol match source-address ghost
            set security policies from-zone a to-zone nowhere policy pol match destination-address any
            set security policies from-zone a to-zone nowhere policy pol match application junos-gprs-gtp
            set security policies from-zone a to-zone nowhere policy pol then permit application-services gprs-gtp-profile no-profile
            """);

        Assert.Equal(
            [
                "line 2: address 'missing-host' is not defined",
                "line 3: address set 'missing-set' is not defined",
                "line 4: address set 'no-such-set' is not defined",
                "line 5: handover group 'no-such-group' is not defined",
                "line 6: zone 'nowhere' is not defined",
                "line 6: address or address set 'ghost' is not defined",
                "line 9: GTP profile 'no-profile' is not defined",
            ],
            errors.Select(e => $"line {e.LineNumber}: {e.Message}"));
    }

    [Fact]
    public void WrongMemberKindIsExplained()
    {
        var errors = ConvertFails("""
            set security address-book global address h 192.0.2.1/32
            set security address-book global address-set inner address h
            set security address-book global address-set outer address inner
            set security address-book global address-set outer address-set h
            """);

        Assert.Equal(
            ["'inner' is an address set; add it with 'address-set inner'", "'h' is an address; add it with 'address h'"],
            errors.Select(e => e.Message));
    }

    [Fact]
    public void AddressSetCyclesAreErrors()
    {
        var errors = ConvertFails("""
            set security address-book global address-set a address-set b
            set security address-book global address-set b address-set a
            """);

        Assert.Equal(["address set 'a' contains itself", "address set 'b' contains itself"], errors.Select(e => e.Message));
    }

    [Fact]
    public void NameCannotBeBothAddressAndSet()
    {
        var error = Assert.Single(ConvertFails("""
            set security address-book global address n 192.0.2.1/32
            set security address-book global address-set n address n
            """));

        Assert.Equal(2, error.LineNumber);
        Assert.Equal("'n' is already an address", error.Message);
    }

    [Fact]
    public void AnyIsReservedForPolicies()
    {
        var error = Assert.Single(ConvertFails("set security address-book global address any 0.0.0.0/0"));

        Assert.Equal("'any' is reserved and cannot name an address or address set", error.Message);
    }

    [Fact]
    public void IncompletePolicyAndDescriptionOnlyAddressAreErrors()
    {
        var errors = ConvertFails("""
            set security zones security-zone a
            set security address-book global address lonely description "no prefix"
            set security policies from-zone a to-zone a policy p match application junos-gprs-gtp
            """);

        Assert.Equal(
            [
                "line 2: address 'lonely' has a description but no prefix",
                "line 3: policy 'p' has no match source-address, no match destination-address, no then",
            ],
            errors.Select(e => $"line {e.LineNumber}: {e.Message}"));
    }

    [Fact]
    public void PolicyNameReusedForAnotherZonePairIsAnError()
    {
        var errors = ConvertFails("""
            set security zones security-zone a
            set security zones security-zone b
            set security policies from-zone a to-zone b policy p then permit
            set security policies from-zone b to-zone a policy p then permit
            """);

        Assert.Contains(errors, e => e.LineNumber == 4 && e.Message == "policy 'p' is already defined from-zone a to-zone b (line 3)");
    }

    [Fact]
    public void BadStatementLeavesNoHalfMadeEntity()
    {
        // Only the unsupported statement is reported: no follow-on "policy has no …" or "address has no prefix".
        var errors = ConvertFails("""
            set security policies from-zone a to-zone b policy p then reject
            set security address-book global address n range-address 10.0.0.1 to 10.0.0.2
            """);

        Assert.Equal([1, 2], errors.Select(e => e.LineNumber));
        Assert.All(errors, e => Assert.Equal("unsupported statement", e.Message));
    }
}
