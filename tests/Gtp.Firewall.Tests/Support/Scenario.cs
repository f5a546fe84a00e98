using Gtp.Firewall.Configuration;

namespace Gtp.Firewall.Tests.Support;

/// <summary>The example scenario of appsettings.json (home X, visited Y and Z), as options the tests can vary.</summary>
internal static class Scenario
{
    public const string XhMme = "10.10.10.1";
    public const string XhPgw = "10.10.10.2";
    public const string YvMme1 = "20.20.20.1";
    public const string YvSgw1 = "20.20.20.10";
    public const string YvSgw2 = "20.20.20.11";
    public const string ZvMme1 = "30.30.30.1";
    public const string ZvSgw1 = "30.30.30.10";
    public const string Imsi = "001010123456789";

    public static FirewallOptions Options(bool handoverOnRoaming = true, string handoverDefault = "permit")
    {
        var o = new FirewallOptions
        {
            HandoverDefault = handoverDefault,
            AddressBook = new AddressBookOptions
            {
                Addresses = new()
                {
                    ["X-hMME"] = "10.10.10.1/32",
                    ["X-hPGW"] = "10.10.10.2/32",
                    ["Y-vMME-1"] = "20.20.20.1/32",
                    ["Y-vMME-2"] = "20.20.20.2/32",
                    ["Y-vSGW-1"] = "20.20.20.10/32",
                    ["Y-vSGW-2"] = "20.20.20.11/32",
                    ["Z-vMME-1"] = "30.30.30.1/32",
                    ["Z-vMME-2"] = "30.30.30.2/32",
                    ["Z-vSGW-1"] = "30.30.30.10/32",
                    ["Z-vSGW-2"] = "30.30.30.11/32",
                },
                AddressSets = new()
                {
                    ["X-mobile"] = new() { Addresses = ["X-hMME", "X-hPGW"] },
                    ["Y-mobile"] = new() { Addresses = ["Y-vMME-1", "Y-vMME-2", "Y-vSGW-1", "Y-vSGW-2"] },
                    ["Z-mobile"] = new() { Addresses = ["Z-vMME-1", "Z-vMME-2", "Z-vSGW-1", "Z-vSGW-2"] },
                    ["as-AT"] = new() { AddressSets = ["X-mobile", "Y-mobile", "Z-mobile"] },
                },
            },
            HandoverGroups = new() { ["hg-AT"] = "as-AT" },
            GtpProfiles = new() { ["Scenario-1"] = new() { HandoverOnRoamingInterface = handoverOnRoaming, HandoverGroups = ["hg-AT"] } },
            Zones = new()
            {
                ["vplmn"] = new() { Interfaces = ["fw-v"], Networks = ["20.20.20.0/24", "30.30.30.0/24", "2001:db8:2::/48"] },
                ["hplmn"] = new() { Interfaces = ["fw-h"], Networks = ["10.10.10.0/24", "2001:db8:1::/48"] },
            },
            Policies =
            [
                new() { Name = "vplmn-to-hplmn", FromZone = "vplmn", ToZone = "hplmn", SourceAddresses = ["any"], DestinationAddresses = ["any"], Applications = ["junos-gprs-gtp"], Action = "permit", GtpProfile = "Scenario-1" },
                new() { Name = "hplmn-to-vplmn", FromZone = "hplmn", ToZone = "vplmn", SourceAddresses = ["any"], DestinationAddresses = ["any"], Applications = ["junos-gprs-gtp"], Action = "permit", GtpProfile = "Scenario-1" },
                new() { Name = "vplmn-intra", FromZone = "vplmn", ToZone = "vplmn", SourceAddresses = ["Y-mobile", "Z-mobile"], DestinationAddresses = ["Y-mobile", "Z-mobile"], Applications = ["junos-gprs-gtp"], Action = "permit", GtpProfile = "Scenario-1" },
            ],
        };
        return o;
    }

    /// <summary>Adds group hg-B (Z-mobile) to the profile and takes Z out of hg-AT: Y ↔ Z becomes cross-group.</summary>
    public static FirewallOptions WithSecondGroup(FirewallOptions o)
    {
        o.AddressBook.AddressSets["as-AT"] = new() { AddressSets = ["X-mobile", "Y-mobile"] };
        o.AddressBook.AddressSets["as-B"] = new() { AddressSets = ["Z-mobile"] };
        o.HandoverGroups["hg-B"] = "as-B";
        o.GtpProfiles["Scenario-1"].HandoverGroups.Add("hg-B");
        return o;
    }
}
