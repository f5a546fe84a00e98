using System.Globalization;
using System.Net;
using System.Net.Sockets;
using static Gtp.Firewall.Configuration.Junos.JunosConfigModel;

namespace Gtp.Firewall.Configuration.Junos;

/// <summary>
/// Applies one tokenized <c>set security …</c> statement to a <see cref="JunosConfigModel"/>. Grammar (words after
/// <c>set security</c>; <c>gtp</c> may also be written <c>gprs gtp</c>):
/// <code>
/// address-book global address NAME PREFIX | address-book global address NAME description TEXT
/// address-book global address-set NAME (address NAME | address-set NAME | description TEXT)
/// gtp handover-group NAME address-book global address-set NAME
/// gtp profile NAME [handover-on-roaming-intf | handover-group NAME]
/// gtp profile NAME (rate-limit … | limit tunnel N | apn … | apn-control NAME), gtp apn-control NAME …
///     (<see cref="JunosLimitStatements"/>)
/// gtp handover-default (deny | permit)
/// zones security-zone NAME [interfaces IFNAME | network PREFIX | description TEXT]
/// policies from-zone A to-zone B policy P [description TEXT
///     | match (source-address | destination-address | application) (NAME | [ NAME… ])
///     | then permit [application-services gprs-gtp-profile NAME] | then deny]
/// </code>
/// <c>zones security-zone NAME network PREFIX</c> is an extension (Junos has no zone networks): it tells a capture
/// replay which addresses sit behind which zone.
/// </summary>
internal static class JunosStatementParser
{
    /// <summary>Names Junos reserves for "every address" in policy matches (any, any-ipv4, any-ipv6).</summary>
    public static readonly HashSet<string> AnyAddress = new(StringComparer.Ordinal) { "any", "any-ipv4", "any-ipv6" };

    /// <summary>Applies <paramref name="words"/> (which start with "set", "security"); returns an error message or null.</summary>
    public static string? Apply(IReadOnlyList<string> words, Origin origin, JunosConfigModel model)
    {
        var s = new Words(words, 2);
        return s.Next() switch
        {
            "address-book" => AddressBook(s, origin, model),
            "gtp" => Gtp(s, origin, model),
            "gprs" when s.Next() == "gtp" => Gtp(s, origin, model),
            "zones" => Zones(s, origin, model),
            "policies" => Policies(s, origin, model),
            _ => Unsupported,
        };
    }

    private const string Unsupported = "unsupported statement";

    private static string? AddressBook(Words s, Origin origin, JunosConfigModel model)
    {
        var book = s.Next();
        if (book is null)
        {
            return Unsupported;
        }

        if (book != "global")
        {
            return $"only the global address book is supported, not '{book}'";
        }

        var kind = s.Next();
        var name = s.Next();
        if (kind is not ("address" or "address-set") || name is null)
        {
            return Unsupported;
        }

        if (AnyAddress.Contains(name))
        {
            return $"'{name}' is reserved and cannot name an address or address set";
        }

        if (kind == "address")
        {
            if (model.AddressSets.ContainsKey(name))
            {
                return $"'{name}' is already an address set";
            }

            string? prefix = null;
            switch (s.Next())
            {
                case "description" when s.TakeOne() is not null:
                    break;
                case { } text when s.AtEnd:
                    if (!TryNormalizePrefix(text, out var normalized))
                    {
                        return $"'{text}' is not an IPv4 or IPv6 prefix";
                    }

                    prefix = normalized;
                    break;
                default:
                    return Unsupported;
            }

            var address = GetOrAdd(model.Addresses, name, () => new Address(origin));
            address.Prefix = prefix ?? address.Prefix;
            return null;
        }

        if (model.Addresses.ContainsKey(name))
        {
            return $"'{name}' is already an address";
        }

        var memberKind = s.Next();
        var member = memberKind is null ? null : s.TakeOne();
        if (memberKind is not null && (memberKind is not ("address" or "address-set" or "description") || member is null))
        {
            return Unsupported;
        }

        var set = GetOrAdd(model.AddressSets, name, () => new AddressSet(origin));
        if (memberKind == "address")
        {
            AddOnce(set.Addresses, new Reference(member!, origin));
        }
        else if (memberKind == "address-set")
        {
            AddOnce(set.AddressSets, new Reference(member!, origin));
        }

        return null;
    }

    private static string? Gtp(Words s, Origin origin, JunosConfigModel model)
    {
        switch (s.Next())
        {
            case "handover-group":
                var group = s.Next();
                if (group is null || s.Next() != "address-book")
                {
                    return Unsupported;
                }

                var book = s.Next();
                if (book != "global")
                {
                    return book is null ? Unsupported : $"only the global address book is supported, not '{book}'";
                }

                if (s.Next() != "address-set" || s.TakeOne() is not { } setName)
                {
                    return Unsupported;
                }

                model.HandoverGroups[group] = new Reference(setName, origin);
                return null;

            case "profile":
                if (s.Next() is not { } profileName)
                {
                    return Unsupported;
                }

                var option = s.Next();
                if (JunosFilterStatements.IsProfileOption(option))
                {
                    return JunosFilterStatements.ApplyProfile(option!, s, GetOrAdd(model.GtpProfiles, profileName, () => new GtpProfile()).Filter);
                }
                if (JunosLimitStatements.IsProfileOption(option))
                {
                    return JunosLimitStatements.ApplyProfile(option!, s, origin, GetOrAdd(model.GtpProfiles, profileName, () => new GtpProfile()).Limits);
                }

                var groupName = option == "handover-group" ? s.TakeOne() : null;
                var valid = option switch
                {
                    null => true,
                    "handover-on-roaming-intf" => s.AtEnd,
                    "handover-group" => groupName is not null,
                    _ => false,
                };
                if (!valid)
                {
                    return Unsupported;
                }

                var profile = GetOrAdd(model.GtpProfiles, profileName, () => new GtpProfile());
                if (option == "handover-on-roaming-intf")
                {
                    profile.HandoverOnRoamingInterface = true;
                }
                else if (groupName is not null)
                {
                    AddOnce(profile.HandoverGroups, new Reference(groupName, origin));
                }

                return null;

            case "apn-control":
                return JunosLimitStatements.ApplyApnControl(s, origin, model.ApnControls);

            case "handover-default":
                var action = s.TakeOne();
                if (action is not ("permit" or "deny"))
                {
                    return action is null ? Unsupported : $"handover-default must be 'permit' or 'deny', not '{action}'";
                }

                model.HandoverDefault = action;
                return null;

            default:
                return Unsupported;
        }
    }

    private static string? Zones(Words s, Origin origin, JunosConfigModel model)
    {
        if (s.Next() != "security-zone" || s.Next() is not { } name)
        {
            return Unsupported;
        }

        var option = s.Next();
        var value = option is null ? null : s.TakeOne();
        if (option is not null && (option is not ("interfaces" or "network" or "description") || value is null))
        {
            return Unsupported;
        }

        var network = string.Empty;
        if (option == "network" && !TryNormalizePrefix(value!, out network))
        {
            return $"'{value}' is not an IPv4 or IPv6 prefix";
        }

        var zone = GetOrAdd(model.Zones, name, () => new Zone());
        if (option == "interfaces")
        {
            AddOnce(zone.Interfaces, value!);
        }
        else if (option == "network")
        {
            AddOnce(zone.Networks, network);
        }

        return null;
    }

    private static string? Policies(Words s, Origin origin, JunosConfigModel model)
    {
        if (s.Next() != "from-zone" || s.Next() is not { } fromZone || s.Next() != "to-zone" || s.Next() is not { } toZone
            || s.Next() != "policy" || s.Next() is not { } name)
        {
            return Unsupported;
        }

        if (model.Policies.TryGetValue(name, out var existing) && (existing.FromZone.Name != fromZone || existing.ToZone.Name != toZone))
        {
            return $"policy '{name}' is already defined from-zone {existing.FromZone.Name} to-zone {existing.ToZone.Name} (line {existing.Origin.LineNumber})";
        }

        // Parse the clause completely before touching the model, so a bad statement leaves no half-made policy.
        Action<Policy>? apply;
        switch (s.Next())
        {
            case null:
                apply = static _ => { };
                break;
            case "description" when s.TakeOne() is not null:
                apply = static _ => { };
                break;
            case "match":
                var field = s.Next();
                if (field is not ("source-address" or "destination-address" or "application") || !s.TryTakeList(out var values))
                {
                    return Unsupported;
                }

                apply = field switch
                {
                    "source-address" => p => values.ForEach(v => AddOnce(p.SourceAddresses, new Reference(v, origin))),
                    "destination-address" => p => values.ForEach(v => AddOnce(p.DestinationAddresses, new Reference(v, origin))),
                    _ => p => values.ForEach(v => AddOnce(p.Applications, v)),
                };
                break;
            case "then":
                switch (s.Next())
                {
                    case "deny" when s.AtEnd:
                        apply = static p => (p.Action, p.GtpProfile) = ("deny", null);
                        break;
                    case "permit" when s.AtEnd:
                        apply = static p => p.Action = "permit";
                        break;
                    case "permit" when s.Next() == "application-services" && s.Next() == "gprs-gtp-profile" && s.TakeOne() is { } profile:
                        apply = p => (p.Action, p.GtpProfile) = ("permit", new Reference(profile, origin));
                        break;
                    default:
                        return Unsupported;
                }

                break;
            default:
                return Unsupported;
        }

        var policy = GetOrAdd(model.Policies, name, () => new Policy(origin, new Reference(fromZone, origin), new Reference(toZone, origin)));
        apply(policy);
        return null;
    }

    /// <summary>
    /// Accepts "a.b.c.d/len", "v6addr/len" or a bare address (a host prefix, as Junos does) and writes it back in
    /// canonical form. Host bits are kept as written.
    /// </summary>
    internal static bool TryNormalizePrefix(string text, out string normalized)
    {
        normalized = string.Empty;
        var slash = text.IndexOf('/');
        var addressText = slash < 0 ? text : text[..slash];
        if (!IPAddress.TryParse(addressText, out var address))
        {
            return false;
        }

        // IPAddress.TryParse also takes "10" or "10.1" (inet_aton forms); Junos wants dotted quads.
        if (address.AddressFamily == AddressFamily.InterNetwork && addressText.Count(c => c == '.') != 3)
        {
            return false;
        }

        var maxLength = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        var length = maxLength;
        if (slash >= 0 && (!int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out length) || length > maxLength))
        {
            return false;
        }

        normalized = $"{address}/{length.ToString(CultureInfo.InvariantCulture)}";
        return true;
    }

    private static T GetOrAdd<T>(OrderedDictionary<string, T> map, string name, Func<T> create)
    {
        if (!map.TryGetValue(name, out var value))
        {
            value = create();
            map.Add(name, value);
        }

        return value;
    }

    private static void AddOnce(List<Reference> list, Reference reference)
    {
        if (!list.Exists(r => r.Name == reference.Name))
        {
            list.Add(reference);
        }
    }

    private static void AddOnce(List<string> list, string value)
    {
        if (!list.Contains(value))
        {
            list.Add(value);
        }
    }

    /// <summary>A cursor over the words of one statement.</summary>
    internal sealed class Words(IReadOnlyList<string> words, int start)
    {
        private int _index = start;

        public bool AtEnd => _index >= words.Count;

        public string? Next() => _index < words.Count ? words[_index++] : null;

        /// <summary>The next word if it is the last one; otherwise null (missing or trailing words).</summary>
        public string? TakeOne() => _index == words.Count - 1 ? words[_index++] : null;

        /// <summary>Null when no words remain, else an error for the trailing words.</summary>
        public string? End() => AtEnd ? null : Unsupported;

        /// <summary>Takes either one final word or a final "[ w1 w2 … ]" list.</summary>
        public bool TryTakeList(out List<string> values)
        {
            values = [];
            if (TakeOne() is { } single)
            {
                if (single is "[" or "]")
                {
                    return false;
                }

                values.Add(single);
                return true;
            }

            if (AtEnd || words[_index] != "[" || words[^1] != "]" || words.Count - _index < 3)
            {
                return false;
            }

            for (var i = _index + 1; i < words.Count - 1; i++)
            {
                if (words[i] is "[" or "]")
                {
                    return false;
                }

                values.Add(words[i]);
            }

            _index = words.Count;
            return true;
        }
    }
}
