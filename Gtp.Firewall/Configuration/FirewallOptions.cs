using Gtp.Firewall.Logging;
using Operations.Http;

namespace Gtp.Firewall.Configuration;

/// <summary>
/// The <c>Firewall</c> section of appsettings.json, bound as is. The shape is a contract with the Junos
/// <c>set</c> → JSON converter: keys may be added (all optional), never renamed.
/// </summary>
public sealed class FirewallOptions
{
    public const string SectionName = "Firewall";
    /// <summary>Where <c>run</c> serves /metrics, /healthz, /readyz and its status page unless configured (loopback only).</summary>
    public const string DefaultHttpUrls = "http://127.0.0.1:9387";
    public const int DefaultMaxTunnels = 4_000_000;
    /// <summary>
    /// Upper bound of <see cref="MaxTunnels"/>: the tunnel index holds five keys a tunnel in one array of at most
    /// 2^31 entries at 80 % load, so 2^31 * 0.8 / 5 is about 340 million; 100 million (28.6 GB) leaves room.
    /// </summary>
    public const int MaxTunnelsLimit = 100_000_000;

    public AddressBookOptions AddressBook { get; set; } = new();
    /// <summary>Handover group name → address set name.</summary>
    public Dictionary<string, string> HandoverGroups { get; set; } = new();
    /// <summary>"permit" (default) or "deny" (<c>set security gprs gtp handover-default deny</c>).</summary>
    public string HandoverDefault { get; set; } = "permit";
    public Dictionary<string, GtpProfileOptions> GtpProfiles { get; set; } = new();
    public Dictionary<string, ZoneOptions> Zones { get; set; } = new();
    public List<PolicyOptions> Policies { get; set; } = new();
    /// <summary>Idle timeout of a tunnel (Junos <c>timeout</c>, default 36 h).</summary>
    public TimeSpan TunnelIdleTimeout { get; set; } = TimeSpan.FromHours(36);
    public SyslogOptions Syslog { get; set; } = new();

    /// <summary>Optional: lifetime of a handover forwarding tunnel not closed by an End Marker (default 60 s).</summary>
    public TimeSpan ForwardingTunnelLifetime { get; set; } = TimeSpan.FromSeconds(60);
    /// <summary>Optional: how long a request waits for its response (default 60 s).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(60);
    /// <summary>Optional: usage CDRs (the firewall as CDF); off while it names no CGF.</summary>
    public Charging.ChargingOptions Charging { get; set; } = new();
    /// <summary>Optional: the NFQUEUE queue of <c>run</c> (default queue 0, fail-open).</summary>
    public QueueOptions Queue { get; set; } = new();
    /// <summary>Optional: the HTTP endpoint of <c>run</c> (/metrics, /healthz, /readyz, status page); <c>"Urls": ""</c> turns it off.</summary>
    public HttpEndpointOptions Http { get; set; } = new() { Urls = DefaultHttpUrls };
    /// <summary>
    /// Optional: tunnels (contexts and forwarding tunnels) the table holds at most; at the cap a creating message is
    /// dropped (TunnelLimit). Default 4,000,000 (about 1.1 GB at 286 octets a tunnel, docs/benchmarks.md).
    /// </summary>
    public int MaxTunnels { get; set; } = DefaultMaxTunnels;
    /// <summary>Optional: when <c>run</c> raises its alarms.</summary>
    public AlarmOptions Alarms { get; set; } = new();
}
