using static Gtp.Firewall.Configuration.Junos.JunosConfigModel;

namespace Gtp.Firewall.Configuration.Junos;

/// <summary>What <c>set security gtp profile P (rate-limit | limit tunnel | apn | apn-control) …</c> declared for one profile.</summary>
internal sealed class JunosProfileLimits
{
    public int? RateLimitAlarm { get; set; }
    public int? RateLimitDrop { get; set; }
    public int? TunnelLimit { get; set; }

    /// <summary>Keyed by "APN IMSI-PREFIX": a later statement for the same pair changes that rule, as Junos <c>set</c> does.</summary>
    public OrderedDictionary<string, ApnRule> ApnRules { get; } = new(StringComparer.Ordinal);

    public List<Reference> ApnControls { get; } = [];

    public bool IsEmpty => RateLimitAlarm is null && RateLimitDrop is null && TunnelLimit is null && ApnRules.Count == 0 && ApnControls.Count == 0;

    internal sealed class ApnRule(string apn, string imsiPrefix)
    {
        public string Apn { get; } = apn;
        public string ImsiPrefix { get; } = imsiPrefix;
        public string Action { get; set; } = "pass";
        public List<string> SelectionModes { get; } = [];
    }
}
