namespace Gtp.Firewall.Configuration;

public sealed class GtpProfileOptions
{
    /// <summary>Junos <c>handover-on-roaming-intf</c>: set up PDP contexts/bearers from handover messages.</summary>
    public bool HandoverOnRoamingInterface { get; set; }
    public List<string> HandoverGroups { get; set; } = new();

    /// <summary>Junos <c>rate-limit</c>: GTP-C messages per second to each destination GSN.</summary>
    public RateLimitOptions? RateLimit { get; set; }

    /// <summary>Junos <c>apn-control</c>: per-APN rate limits, by name.</summary>
    public Dictionary<string, ApnControlOptions> ApnControls { get; set; } = new();

    /// <summary>Junos <c>apn … imsi-prefix … action …</c>: filtering of Create PDP Context / Create Session requests.</summary>
    public List<ApnFilterOptions> ApnFilters { get; set; } = new();

    /// <summary>Junos <c>limit tunnel</c>: contexts one GSN may hold; absent = no limit.</summary>
    public int? TunnelLimit { get; set; }
}
