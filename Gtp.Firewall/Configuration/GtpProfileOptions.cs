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

    /// <summary>Junos <c>drop NAME (0|1|2|all)</c>: message types dropped, per GTP version.</summary>
    public RateLimitMessageTypesOptions? DropMessageTypes { get; set; }

    /// <summary>Junos <c>min-message-length</c> / <c>max-message-length</c>, per GTP version.</summary>
    public MessageLengthOptions? MessageLength { get; set; }

    /// <summary>Junos <c>seq-number-validated</c>: G-PDU sequence numbers and GTP-C request numbers are checked.</summary>
    public bool SequenceNumberValidated { get; set; }

    /// <summary>Junos <c>gtp-in-gtp-denied</c>: a G-PDU whose T-PDU is itself GTP is dropped.</summary>
    public bool GtpInGtpDenied { get; set; }

    /// <summary>Junos <c>end-user-address-validated</c>: the T-PDU's user address must be the context's.</summary>
    public bool EndUserAddressValidated { get; set; }
}
