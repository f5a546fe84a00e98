using Gtp.Firewall.Configuration;
using Gtp.Firewall.Packets;
using Gtp.Firewall.Tests.Support;

namespace Gtp.Firewall.Tests;

public class ConfigurationTests
{
    private static string ErrorOf(FirewallOptions o)
        => Assert.Throws<FirewallConfigurationException>(() => FirewallPolicyCompiler.Compile(o)).Message;

    [Fact]
    public void NestedAddressSetsAreFlattened()
    {
        var policy = FirewallPolicyCompiler.Compile(Scenario.Options());
        var group = policy.HandoverGroups["hg-AT"].Members;
        Assert.Equal(10, group.Prefixes.Count);
        Assert.True(group.Contains(IpAddress128.Parse("30.30.30.11")));
        Assert.False(group.Contains(IpAddress128.Parse("30.30.30.12")));
    }

    [Fact]
    public void AddressSetCyclesAreRejectedWithTheKey()
    {
        var o = Scenario.Options();
        o.AddressBook.AddressSets["X-mobile"].AddressSets.Add("as-AT");
        var message = ErrorOf(o);
        Assert.StartsWith("Firewall:AddressBook:AddressSets:", message);
        Assert.Contains("cycle", message);
    }

    [Fact]
    public void UnknownAddressInASetIsRejectedWithTheKey()
    {
        var o = Scenario.Options();
        o.AddressBook.AddressSets["Y-mobile"].Addresses.Add("Y-vSGW-9");
        Assert.Equal("Firewall:AddressBook:AddressSets:Y-mobile:Addresses:4: unknown address 'Y-vSGW-9'", ErrorOf(o));
    }

    [Fact]
    public void UnknownNestedSetIsRejected()
    {
        var o = Scenario.Options();
        o.AddressBook.AddressSets["as-AT"].AddressSets.Add("W-mobile");
        Assert.Equal("Firewall:AddressBook:AddressSets:as-AT:AddressSets:3: unknown address set 'W-mobile'", ErrorOf(o));
    }

    [Theory]
    [InlineData("10.10.10.300/32")]
    [InlineData("10.10.10.1/33")]
    [InlineData("10.10.10.1/24")]
    [InlineData("not-an-address")]
    public void BadPrefixesAreRejectedWithTheKey(string prefix)
    {
        var o = Scenario.Options();
        o.AddressBook.Addresses["X-hMME"] = prefix;
        Assert.StartsWith("Firewall:AddressBook:Addresses:X-hMME: ", ErrorOf(o));
    }

    [Fact]
    public void IPv6AddressesAndPrefixesAreAccepted()
    {
        var o = Scenario.Options();
        o.AddressBook.Addresses["X-hPGW6"] = "2001:db8:1::2";
        o.AddressBook.Addresses["X-net6"] = "2001:db8:1::/48";
        o.AddressBook.AddressSets["X-mobile"].Addresses.AddRange(["X-hPGW6", "X-net6"]);
        var policy = FirewallPolicyCompiler.Compile(o);
        Assert.True(policy.HandoverGroups["hg-AT"].Members.Contains(IpAddress128.Parse("2001:db8:1::99")));
    }

    [Fact]
    public void UnknownNamesInGroupsProfilesAndPoliciesAreRejected()
    {
        var o = Scenario.Options();
        o.HandoverGroups["hg-X"] = "nope";
        Assert.Equal("Firewall:HandoverGroups:hg-X: unknown address set 'nope'", ErrorOf(o));

        o = Scenario.Options();
        o.GtpProfiles["Scenario-1"].HandoverGroups.Add("hg-missing");
        Assert.Equal("Firewall:GtpProfiles:Scenario-1:HandoverGroups:1: unknown handover group 'hg-missing'", ErrorOf(o));

        o = Scenario.Options();
        o.Policies[0].GtpProfile = "nope";
        Assert.Equal("Firewall:Policies:0:GtpProfile: unknown GTP profile 'nope'", ErrorOf(o));

        o = Scenario.Options();
        o.Policies[1].ToZone = "mars";
        Assert.Equal("Firewall:Policies:1:ToZone: unknown zone 'mars'", ErrorOf(o));

        o = Scenario.Options();
        o.Policies[0].SourceAddresses = ["Q-mobile"];
        Assert.Equal("Firewall:Policies:0:SourceAddresses:0: unknown address or address set 'Q-mobile'", ErrorOf(o));

        o = Scenario.Options();
        o.Policies[0].Applications = ["junos-http"];
        Assert.StartsWith("Firewall:Policies:0:Applications:0:", ErrorOf(o));

        o = Scenario.Options();
        o.HandoverDefault = "maybe";
        Assert.StartsWith("Firewall:HandoverDefault:", ErrorOf(o));

        o = Scenario.Options();
        o.Zones["vplmn"].Networks.Add("20.20.20.0/40");
        Assert.StartsWith("Firewall:Zones:vplmn:Networks:3:", ErrorOf(o));
    }

    [Fact]
    public void TheJsonContractShapeBindsAsIs()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "appsettings.json");
        var options = FirewallConfigurationLoader.LoadOptions(path);
        Assert.Equal("as-AT", options.HandoverGroups["hg-AT"]);
        Assert.Equal(TimeSpan.FromHours(36), options.TunnelIdleTimeout);
        Assert.Equal(["X-mobile", "Y-mobile", "Z-mobile"], options.AddressBook.AddressSets["as-AT"].AddressSets);
        Assert.Equal(2, options.Policies.Count);
        Assert.Equal("gtp-fw", options.Syslog.AppName);
        Assert.Null(options.Syslog.Target);
    }

    [Fact]
    public void JunosSetTextIsDetectedByContent()
    {
        Assert.True(FirewallConfigurationLoader.IsJunosSetText("# comment\n\nset security zones security-zone vplmn\n"));
        Assert.False(FirewallConfigurationLoader.IsJunosSetText("{ \"Firewall\": {} }"));
    }

    [Fact]
    public void JsonWithoutTheFirewallSectionIsAClearError()
    {
        var e = Assert.Throws<FirewallConfigurationException>(() => FirewallConfigurationLoader.BindJson("{ \"Cgf\": {} }"));
        Assert.StartsWith("Firewall:", e.Message);
    }
}
