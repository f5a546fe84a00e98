using Gtp.Firewall.Handover;
using Gtp.Firewall.Packets;

namespace Gtp.Firewall.Policies;

/// <summary>
/// The compiled, validated configuration: zones (by longest matching network), policies in order (first match
/// wins, implicit final deny as in Junos), handover groups and the handover default.
/// </summary>
public sealed class FirewallPolicy
{
    // Every zone's networks, longest first, so the first match is the longest; _networkZone[i] is the zone of prefix i.
    private readonly AddressMatcher _zoneNetworks;
    private readonly int[] _networkZone;
    private readonly PolicyRule[] _rules;

    public FirewallPolicy(
        IReadOnlyList<Zone> zones,
        IReadOnlyList<PolicyRule> rules,
        IReadOnlyDictionary<string, HandoverGroup> handoverGroups,
        IReadOnlyDictionary<string, GtpProfile> profiles,
        bool handoverDefaultPermit,
        TimeSpan tunnelIdleTimeout,
        TimeSpan forwardingTunnelLifetime,
        TimeSpan requestTimeout)
    {
        Zones = zones;
        _rules = rules.ToArray();
        HandoverGroups = handoverGroups;
        Profiles = profiles;
        HandoverDefaultPermit = handoverDefaultPermit;
        TunnelIdleTimeout = tunnelIdleTimeout;
        ForwardingTunnelLifetime = forwardingTunnelLifetime;
        RequestTimeout = requestTimeout;
        var networks = zones.SelectMany(z => z.Networks.Select(n => (Network: n, z.Index))).OrderByDescending(x => AddressMatcher.Length128(x.Network)).ToArray();
        _zoneNetworks = new AddressMatcher("zones", networks.Select(x => x.Network).ToArray());
        _networkZone = networks.Select(x => x.Index).ToArray();
    }

    public IReadOnlyList<Zone> Zones { get; }
    public IReadOnlyList<PolicyRule> Rules => _rules;
    public IReadOnlyDictionary<string, HandoverGroup> HandoverGroups { get; }
    public IReadOnlyDictionary<string, GtpProfile> Profiles { get; }
    public bool HandoverDefaultPermit { get; }
    public TimeSpan TunnelIdleTimeout { get; }
    public TimeSpan ForwardingTunnelLifetime { get; }
    public TimeSpan RequestTimeout { get; }

    /// <summary>The zone index of an address (longest matching network), or -1.</summary>
    public int ZoneOf(IpAddress128 address)
    {
        var i = _zoneNetworks.IndexOf(address);
        return i < 0 ? -1 : _networkZone[i];
    }

    /// <summary>Finds the policy for a packet; null with the reason when it is not permitted.</summary>
    public PolicyRule? Match(IpAddress128 source, IpAddress128 destination, out DropReason reason)
        => Match(source, destination, -1, -1, out reason);

    /// <summary>
    /// Finds the policy with zones already known (inline: from the in/out interfaces); a negative zone is taken
    /// from the address's network instead.
    /// </summary>
    public PolicyRule? Match(IpAddress128 source, IpAddress128 destination, int fromZone, int toZone, out DropReason reason)
    {
        var from = fromZone >= 0 ? fromZone : ZoneOf(source);
        var to = toZone >= 0 ? toZone : ZoneOf(destination);
        if (from < 0 || to < 0)
        {
            reason = DropReason.NoZone;
            return null;
        }
        foreach (var rule in _rules)
        {
            if (rule.Matches(from, to, source, destination))
            {
                reason = rule.Permit ? DropReason.None : DropReason.PolicyDenied;
                return rule.Permit ? rule : null;
            }
        }
        reason = DropReason.PolicyDenied;
        return null;
    }
}
