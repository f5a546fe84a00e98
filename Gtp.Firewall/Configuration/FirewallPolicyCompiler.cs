using Gtp.Firewall.Handover;
using Gtp.Firewall.Packets;
using Gtp.Firewall.Policies;
using System.Net;

namespace Gtp.Firewall.Configuration;

/// <summary>
/// Validates <see cref="FirewallOptions"/> and compiles it into a <see cref="FirewallPolicy"/>. Unknown names,
/// address-set cycles and bad prefixes throw <see cref="FirewallConfigurationException"/> naming the key.
/// </summary>
public static class FirewallPolicyCompiler
{
    private const string Root = FirewallOptions.SectionName;
    private static readonly string[] GtpApplications = ["junos-gprs-gtp", "junos-gtp", "gtp", "any"];

    public static FirewallPolicy Compile(FirewallOptions options)
    {
        var addresses = new Dictionary<string, IPNetwork>(StringComparer.Ordinal);
        foreach (var (name, text) in options.AddressBook.Addresses)
        {
            if (!NetworkParser.TryParse(text ?? "", out var prefix, out var error))
            {
                throw new FirewallConfigurationException($"{Root}:AddressBook:Addresses:{name}", error!);
            }
            addresses[name] = prefix;
        }

        var sets = new Dictionary<string, AddressMatcher>(StringComparer.Ordinal);
        foreach (var name in options.AddressBook.AddressSets.Keys)
        {
            ResolveSet(name, options.AddressBook, addresses, sets, new List<string>());
        }

        AddressMatcher Lookup(string key, string name)
        {
            if (string.Equals(name, "any", StringComparison.OrdinalIgnoreCase))
            {
                return AddressMatcher.Any;
            }
            if (string.Equals(name, "any-ipv4", StringComparison.OrdinalIgnoreCase))
            {
                return new AddressMatcher(name, [new IPNetwork(IPAddress.Any, 0)]);
            }
            if (string.Equals(name, "any-ipv6", StringComparison.OrdinalIgnoreCase))
            {
                return new AddressMatcher(name, [new IPNetwork(IPAddress.IPv6Any, 0)]);
            }
            if (sets.TryGetValue(name, out var set))
            {
                return set;
            }
            if (addresses.TryGetValue(name, out var prefix))
            {
                return new AddressMatcher(name, [prefix]);
            }
            throw new FirewallConfigurationException(key, $"unknown address or address set '{name}'");
        }

        var groups = new Dictionary<string, HandoverGroup>(StringComparer.Ordinal);
        foreach (var (name, setName) in options.HandoverGroups)
        {
            var key = $"{Root}:HandoverGroups:{name}";
            if (string.IsNullOrWhiteSpace(setName) || !sets.TryGetValue(setName, out var set))
            {
                throw new FirewallConfigurationException(key, $"unknown address set '{setName}'");
            }
            groups[name] = new HandoverGroup(name, set);
        }

        var handoverDefault = options.HandoverDefault?.Trim().ToLowerInvariant() ?? "permit";
        if (handoverDefault is not ("permit" or "deny"))
        {
            throw new FirewallConfigurationException($"{Root}:HandoverDefault", $"'{options.HandoverDefault}' is neither 'permit' nor 'deny'");
        }

        var profiles = new Dictionary<string, GtpProfile>(StringComparer.Ordinal);
        foreach (var (name, profile) in options.GtpProfiles)
        {
            var members = new List<HandoverGroup>();
            for (var i = 0; i < profile.HandoverGroups.Count; i++)
            {
                var groupName = profile.HandoverGroups[i];
                if (!groups.TryGetValue(groupName, out var group))
                {
                    throw new FirewallConfigurationException($"{Root}:GtpProfiles:{name}:HandoverGroups:{i}", $"unknown handover group '{groupName}'");
                }
                members.Add(group);
            }
            profiles[name] = new GtpProfile(name, profile.HandoverOnRoamingInterface, members)
            {
                Limits = ProfileLimitsCompiler.Compile($"{Root}:GtpProfiles:{name}", name, profile),
                Filter = MessageFilterCompiler.Compile($"{Root}:GtpProfiles:{name}", profile),
            };
        }

        var zones = new List<Zone>();
        var zoneIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (name, zone) in options.Zones)
        {
            var networks = new List<IPNetwork>();
            for (var i = 0; i < zone.Networks.Count; i++)
            {
                if (!NetworkParser.TryParse(zone.Networks[i] ?? "", out var prefix, out var error))
                {
                    throw new FirewallConfigurationException($"{Root}:Zones:{name}:Networks:{i}", error!);
                }
                networks.Add(prefix);
            }
            zoneIndex[name] = zones.Count;
            zones.Add(new Zone(zones.Count, name, zone.Interfaces.ToArray(), networks));
        }

        var rules = new List<PolicyRule>();
        for (var i = 0; i < options.Policies.Count; i++)
        {
            var p = options.Policies[i];
            var key = $"{Root}:Policies:{i}";
            if (!zoneIndex.TryGetValue(p.FromZone ?? "", out var from))
            {
                throw new FirewallConfigurationException($"{key}:FromZone", $"unknown zone '{p.FromZone}'");
            }
            if (!zoneIndex.TryGetValue(p.ToZone ?? "", out var to))
            {
                throw new FirewallConfigurationException($"{key}:ToZone", $"unknown zone '{p.ToZone}'");
            }
            var sources = p.SourceAddresses.Count == 0 ? [AddressMatcher.Any] : p.SourceAddresses.Select((n, j) => Lookup($"{key}:SourceAddresses:{j}", n)).ToList();
            var destinations = p.DestinationAddresses.Count == 0 ? [AddressMatcher.Any] : p.DestinationAddresses.Select((n, j) => Lookup($"{key}:DestinationAddresses:{j}", n)).ToList();
            for (var j = 0; j < p.Applications.Count; j++)
            {
                if (!GtpApplications.Contains(p.Applications[j], StringComparer.OrdinalIgnoreCase))
                {
                    throw new FirewallConfigurationException($"{key}:Applications:{j}", $"application '{p.Applications[j]}' is not GTP (use junos-gprs-gtp)");
                }
            }
            var action = p.Action?.Trim().ToLowerInvariant();
            if (action is not ("permit" or "deny" or "reject"))
            {
                throw new FirewallConfigurationException($"{key}:Action", $"'{p.Action}' is not permit, deny or reject");
            }
            var profile = GtpProfile.Default;
            if (!string.IsNullOrEmpty(p.GtpProfile) && !profiles.TryGetValue(p.GtpProfile, out profile!))
            {
                throw new FirewallConfigurationException($"{key}:GtpProfile", $"unknown GTP profile '{p.GtpProfile}'");
            }
            rules.Add(new PolicyRule(string.IsNullOrEmpty(p.Name) ? $"policy-{i}" : p.Name, from, to, sources, destinations, action == "permit", profile));
        }

        if (options.TunnelIdleTimeout <= TimeSpan.Zero)
        {
            throw new FirewallConfigurationException($"{Root}:TunnelIdleTimeout", "must be positive");
        }
        return new FirewallPolicy(zones, rules, groups, profiles, handoverDefault == "permit",
            options.TunnelIdleTimeout, options.ForwardingTunnelLifetime, options.RequestTimeout);
    }

    // Depth-first over nested sets; a set met again while still on the path is a cycle.
    private static AddressMatcher ResolveSet(string name, AddressBookOptions book, Dictionary<string, IPNetwork> addresses,
        Dictionary<string, AddressMatcher> resolved, List<string> path)
    {
        if (resolved.TryGetValue(name, out var done))
        {
            return done;
        }
        var key = $"{Root}:AddressBook:AddressSets:{name}";
        if (path.Contains(name))
        {
            throw new FirewallConfigurationException(key, $"address-set cycle {string.Join(" -> ", path)} -> {name}");
        }
        var set = book.AddressSets[name];
        var prefixes = new List<IPNetwork>();
        for (var i = 0; i < set.Addresses.Count; i++)
        {
            if (!addresses.TryGetValue(set.Addresses[i], out var prefix))
            {
                throw new FirewallConfigurationException($"{key}:Addresses:{i}", $"unknown address '{set.Addresses[i]}'");
            }
            prefixes.Add(prefix);
        }
        path.Add(name);
        for (var i = 0; i < set.AddressSets.Count; i++)
        {
            var child = set.AddressSets[i];
            if (!book.AddressSets.ContainsKey(child))
            {
                throw new FirewallConfigurationException($"{key}:AddressSets:{i}", $"unknown address set '{child}'");
            }
            prefixes.AddRange(ResolveSet(child, book, addresses, resolved, path).Prefixes);
        }
        path.RemoveAt(path.Count - 1);
        var matcher = new AddressMatcher(name, prefixes.Distinct().ToList());
        resolved[name] = matcher;
        return matcher;
    }
}
