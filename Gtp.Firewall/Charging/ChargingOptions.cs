using Cdf.Client.Configuration;

namespace Gtp.Firewall.Charging;

/// <summary>
/// Section <c>Firewall:Charging</c>: the firewall as CDF. Off while <see cref="Cgfs"/> is empty. The delivery
/// settings are passed through to the <c>Cdf.Client</c> library (same names and defaults as its <c>Cdf</c> section).
/// </summary>
public sealed class ChargingOptions
{
    public const string SectionPath = "Firewall:Charging";

    /// <summary>CGFs in priority order (as <c>Cdf:Cgfs</c>); none = charging off.</summary>
    public List<CgfEndpointOptions> Cgfs { get; set; } = [];
    /// <summary>The durable outbox (SQLite file); it also keeps the local sequence number across restarts.</summary>
    public string Outbox { get; set; } = "firewall-cdf.db";
    /// <summary>nodeID of every record (TS 32.298 §5.1.2.2.36: IA5String, 1-20 characters).</summary>
    public string NodeId { get; set; } = "gtp-firewall";
    /// <summary>Uplink + downlink octets after which a partial record is closed (volumeLimit); 0 = none.</summary>
    public long VolumeLimit { get; set; }
    /// <summary>Age after which a partial record is closed (timeLimit); zero = none. Checked at the engine's sweep (10 s).</summary>
    public TimeSpan TimeLimit { get; set; }
    /// <summary>Closed records waiting for the encoder; a full queue never blocks the packet thread (see README).</summary>
    public int QueueCapacity { get; set; } = 65_536;
    /// <summary>2 octets of chargingCharacteristics (mandatory field; the firewall does not read the IE): hex.</summary>
    public string ChargingCharacteristics { get; set; } = "0800";
    /// <summary>How long <c>replay</c> waits for the CGFs to acknowledge everything before it exits.</summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public int MaxCdrsPerRequest { get; set; } = 50;
    public int MaxRequestBytes { get; set; } = 60000;
    public int Window { get; set; } = 256;
    public TimeSpan T3 { get; set; } = TimeSpan.FromSeconds(3);
    public int N3 { get; set; } = 3;
    public TimeSpan EchoInterval { get; set; } = TimeSpan.FromSeconds(60);
    public TimeSpan BusyRetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);
    public List<string> AllowedRecommendedNodes { get; set; } = [];

    public bool Enabled => Cgfs.Count > 0;

    /// <summary>The first problem as (key, message), or null when valid.</summary>
    public (string Key, string Message)? Validate()
    {
        for (var i = 0; i < Cgfs.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(Cgfs[i].Host))
                return ($"{SectionPath}:Cgfs:{i}:Host", "must not be empty");
            if (Cgfs[i].Port is < 1 or > 65535)
                return ($"{SectionPath}:Cgfs:{i}:Port", $"{Cgfs[i].Port} is not a port (1-65535)");
            if (Cgfs[i].LocalPort is < 0 or > 65535)
                return ($"{SectionPath}:Cgfs:{i}:LocalPort", $"{Cgfs[i].LocalPort} is not a port (0-65535)");
        }
        if (Enabled && string.IsNullOrWhiteSpace(Outbox))
            return ($"{SectionPath}:Outbox", "must name the outbox file");
        if (NodeId.Length is < 1 or > 20 || !NodeId.All(c => c is >= ' ' and <= '~'))
            return ($"{SectionPath}:NodeId", $"'{NodeId}' must be 1-20 printable ASCII characters (TS 32.298 nodeID)");
        if (VolumeLimit < 0)
            return ($"{SectionPath}:VolumeLimit", $"{VolumeLimit} must be 0 (none) or a positive number of octets");
        if (TimeLimit < TimeSpan.Zero)
            return ($"{SectionPath}:TimeLimit", $"{TimeLimit} must be zero (none) or positive");
        if (QueueCapacity < 1)
            return ($"{SectionPath}:QueueCapacity", $"{QueueCapacity} must be at least 1");
        if (ParseChargingCharacteristics() is null)
            return ($"{SectionPath}:ChargingCharacteristics", $"'{ChargingCharacteristics}' must be 4 hex digits (2 octets)");
        if (DrainTimeout < TimeSpan.Zero)
            return ($"{SectionPath}:DrainTimeout", $"{DrainTimeout} must not be negative");
        if (MaxCdrsPerRequest is < 1 or > 255)
            return ($"{SectionPath}:MaxCdrsPerRequest", $"{MaxCdrsPerRequest} must be 1-255 (Number of Data Records is one octet)");
        if (Window < 1)
            return ($"{SectionPath}:Window", $"{Window} must be at least 1");
        if (N3 < 1)
            return ($"{SectionPath}:N3", $"{N3} must be at least 1");
        if (T3 <= TimeSpan.Zero)
            return ($"{SectionPath}:T3", $"{T3} must be positive");
        if (EchoInterval <= TimeSpan.Zero)
            return ($"{SectionPath}:EchoInterval", $"{EchoInterval} must be positive");
        return null;
    }

    internal byte[]? ParseChargingCharacteristics()
    {
        try
        {
            var octets = Convert.FromHexString(ChargingCharacteristics);
            return octets.Length == 2 ? octets : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>The <c>Cdf.Client</c> options these settings stand for.</summary>
    public CdfOptions ToCdfOptions() => new()
    {
        Cgfs = Cgfs,
        StatePath = Outbox,
        MaxCdrsPerRequest = MaxCdrsPerRequest,
        MaxRequestBytes = MaxRequestBytes,
        Window = Window,
        T3 = T3,
        N3 = N3,
        EchoInterval = EchoInterval,
        BusyRetryDelay = BusyRetryDelay,
        AllowedRecommendedNodes = AllowedRecommendedNodes,
    };
}
