using System.Text.Json;
using System.Text.Json.Nodes;
using static Gtp.Firewall.Configuration.Junos.JunosConfigModel;

namespace Gtp.Firewall.Configuration.Junos;

/// <summary>
/// Converts Junos <c>set security …</c> statements (address book, GTP handover groups and profiles, zones, policies)
/// into the <c>Firewall</c> configuration section read by the firewall (the shape of appsettings.json).
/// </summary>
/// <remarks>
/// <para>Blank lines and <c>#</c> comments are skipped; quoted words may contain spaces. Every statement that is not
/// understood, and every name that does not resolve, becomes one <see cref="JunosConfigError"/>; all are collected
/// and the conversion fails if there is any.</para>
/// <para>Output choices: a policy keeps <c>any</c> (or <c>any-ipv4</c>/<c>any-ipv6</c>) as a literal name in its
/// address and application lists, meaning "every address"/"every application"; policy addresses are emitted by
/// name whether they name an address or an address set. <c>TunnelIdleTimeout</c> and <c>Syslog</c> are not written:
/// they do not come from <c>set security</c> address-book/policy statements, and when the output is layered over
/// appsettings.json the values there stay in force. Zone <c>Networks</c> come only from the extension statement
/// <c>set security zones security-zone NAME network PREFIX</c> and are otherwise empty.</para>
/// </remarks>
public static class JunosConfigConverter
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>
    /// Converts <paramref name="text"/>. On success <paramref name="json"/> is the indented object that goes under
    /// "Firewall" and <paramref name="errors"/> is empty; on failure <paramref name="json"/> is empty and
    /// <paramref name="errors"/> lists every problem in line order.
    /// </summary>
    public static bool Convert(string text, out string json, out IReadOnlyList<JunosConfigError> errors)
    {
        var node = ConvertToNode(text, out errors);
        json = node?.ToJsonString(Indented) ?? string.Empty;
        return node is not null;
    }

    /// <summary>Like <see cref="Convert"/>, but <paramref name="json"/> is a whole document <c>{ "Firewall": … }</c>.</summary>
    public static bool ConvertToSection(string text, out string json, out IReadOnlyList<JunosConfigError> errors)
    {
        var node = ConvertToNode(text, out errors);
        json = node is null ? string.Empty : new JsonObject { ["Firewall"] = node }.ToJsonString(Indented);
        return node is not null;
    }

    private static JsonObject? ConvertToNode(string text, out IReadOnlyList<JunosConfigError> errors)
    {
        ArgumentNullException.ThrowIfNull(text);
        var model = new JunosConfigModel();
        var found = new List<JunosConfigError>();
        var words = new List<string>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var statement = lines[i].Trim();
            var lineNumber = i + 1;
            if (!JunosTokenizer.TryTokenize(statement, words, out var tokenError))
            {
                found.Add(new JunosConfigError(lineNumber, statement, tokenError!));
                continue;
            }

            if (words.Count == 0)
            {
                continue;
            }

            var message = words[0] != "set" ? $"only 'set' statements are supported, not '{words[0]}'"
                : words.Count < 2 || words[1] != "security" ? "only 'set security' statements are supported"
                : JunosStatementParser.Apply(words, new Origin(lineNumber, statement), model);
            if (message is not null)
            {
                found.Add(new JunosConfigError(lineNumber, statement, message));
            }
        }

        Validate(model, found);
        errors = [.. found.OrderBy(e => e.LineNumber)];
        return errors.Count == 0 ? ToJson(model) : null;
    }

    // Junos would refuse to commit these; report them against the statement that made the reference.
    private static void Validate(JunosConfigModel model, List<JunosConfigError> errors)
    {
        void Add(Origin origin, string message) => errors.Add(new JunosConfigError(origin.LineNumber, origin.Statement, message));

        foreach (var (name, address) in model.Addresses)
        {
            if (address.Prefix is null)
            {
                Add(address.Origin, $"address '{name}' has a description but no prefix");
            }
        }

        foreach (var (name, set) in model.AddressSets)
        {
            foreach (var member in set.Addresses.Where(m => !model.Addresses.ContainsKey(m.Name)))
            {
                Add(member.Origin, model.AddressSets.ContainsKey(member.Name)
                    ? $"'{member.Name}' is an address set; add it with 'address-set {member.Name}'"
                    : $"address '{member.Name}' is not defined");
            }

            foreach (var member in set.AddressSets.Where(m => !model.AddressSets.ContainsKey(m.Name)))
            {
                Add(member.Origin, model.Addresses.ContainsKey(member.Name)
                    ? $"'{member.Name}' is an address; add it with 'address {member.Name}'"
                    : $"address set '{member.Name}' is not defined");
            }

            if (ReachesItself(model, name))
            {
                Add(set.Origin, $"address set '{name}' contains itself");
            }
        }

        foreach (var (_, set) in model.HandoverGroups)
        {
            if (!model.AddressSets.ContainsKey(set.Name))
            {
                Add(set.Origin, $"address set '{set.Name}' is not defined");
            }
        }

        foreach (var (_, profile) in model.GtpProfiles)
        {
            foreach (var group in profile.HandoverGroups.Where(g => !model.HandoverGroups.ContainsKey(g.Name)))
            {
                Add(group.Origin, $"handover group '{group.Name}' is not defined");
            }
        }

        JunosLimitsJson.Validate(model, errors);

        foreach (var (name, policy) in model.Policies)
        {
            foreach (var zone in new[] { policy.FromZone, policy.ToZone }.Where(z => !model.Zones.ContainsKey(z.Name)).DistinctBy(z => z.Name))
            {
                Add(zone.Origin, $"zone '{zone.Name}' is not defined");
            }

            foreach (var address in policy.SourceAddresses.Concat(policy.DestinationAddresses))
            {
                if (!JunosStatementParser.AnyAddress.Contains(address.Name) && !model.Addresses.ContainsKey(address.Name) && !model.AddressSets.ContainsKey(address.Name))
                {
                    Add(address.Origin, $"address or address set '{address.Name}' is not defined");
                }
            }

            if (policy.GtpProfile is { } profile && !model.GtpProfiles.ContainsKey(profile.Name))
            {
                Add(profile.Origin, $"GTP profile '{profile.Name}' is not defined");
            }

            var missing = new List<string>();
            if (policy.SourceAddresses.Count == 0)
            {
                missing.Add("match source-address");
            }

            if (policy.DestinationAddresses.Count == 0)
            {
                missing.Add("match destination-address");
            }

            if (policy.Applications.Count == 0)
            {
                missing.Add("match application");
            }

            if (policy.Action is null)
            {
                missing.Add("then");
            }

            if (missing.Count > 0)
            {
                Add(policy.Origin, $"policy '{name}' has no {string.Join(", no ", missing)}");
            }
        }
    }

    private static bool ReachesItself(JunosConfigModel model, string start)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([start]);
        while (pending.TryPop(out var current))
        {
            if (!model.AddressSets.TryGetValue(current, out var set))
            {
                continue;
            }

            foreach (var member in set.AddressSets)
            {
                if (member.Name == start)
                {
                    return true;
                }

                if (seen.Add(member.Name))
                {
                    pending.Push(member.Name);
                }
            }
        }

        return false;
    }

    private static JsonObject ToJson(JunosConfigModel model)
    {
        static JsonArray Names(IEnumerable<string> names) => new([.. names.Select(n => (JsonNode?)JsonValue.Create(n))]);

        var addresses = new JsonObject();
        foreach (var (name, address) in model.Addresses)
        {
            addresses[name] = address.Prefix;
        }

        var sets = new JsonObject();
        foreach (var (name, set) in model.AddressSets)
        {
            sets[name] = new JsonObject
            {
                ["Addresses"] = Names(set.Addresses.Select(r => r.Name)),
                ["AddressSets"] = Names(set.AddressSets.Select(r => r.Name)),
            };
        }

        var groups = new JsonObject();
        foreach (var (name, set) in model.HandoverGroups)
        {
            groups[name] = set.Name;
        }

        var profiles = new JsonObject();
        foreach (var (name, profile) in model.GtpProfiles)
        {
            var json = new JsonObject
            {
                ["HandoverOnRoamingInterface"] = profile.HandoverOnRoamingInterface,
                ["HandoverGroups"] = Names(profile.HandoverGroups.Select(r => r.Name)),
            };
            JunosLimitsJson.Write(profile.Limits, model, json);
            JunosFilterStatements.Write(profile.Filter, json);
            profiles[name] = json;
        }

        var zones = new JsonObject();
        foreach (var (name, zone) in model.Zones)
        {
            zones[name] = new JsonObject
            {
                ["Interfaces"] = Names(zone.Interfaces),
                ["Networks"] = Names(zone.Networks),
            };
        }

        var policies = new JsonArray();
        foreach (var (name, policy) in model.Policies)
        {
            policies.Add(new JsonObject
            {
                ["Name"] = name,
                ["FromZone"] = policy.FromZone.Name,
                ["ToZone"] = policy.ToZone.Name,
                ["SourceAddresses"] = Names(policy.SourceAddresses.Select(r => r.Name)),
                ["DestinationAddresses"] = Names(policy.DestinationAddresses.Select(r => r.Name)),
                ["Applications"] = Names(policy.Applications),
                ["Action"] = policy.Action,
                ["GtpProfile"] = policy.GtpProfile?.Name,
            });
        }

        return new JsonObject
        {
            ["AddressBook"] = new JsonObject
            {
                ["Addresses"] = addresses,
                ["AddressSets"] = sets,
            },
            ["HandoverGroups"] = groups,
            ["HandoverDefault"] = model.HandoverDefault,
            ["GtpProfiles"] = profiles,
            ["Zones"] = zones,
            ["Policies"] = policies,
        };
    }
}
