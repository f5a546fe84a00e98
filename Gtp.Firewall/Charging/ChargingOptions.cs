using Cdf.Client.Configuration;

namespace Gtp.Firewall.Charging;

/// <summary>
/// Section <c>Firewall:Charging</c>: the firewall as CDF. Off while <see cref="CdfOptions.Cgfs"/> is empty. The
/// delivery settings are a <see cref="CdfOptions"/> (<see cref="Cdf"/>) bound from this same section
/// (<c>Firewall:Charging:Cgfs</c>, <c>Firewall:Charging:T3</c>, ...) and checked by its own validator; the
/// properties here are what only the firewall has: what a record holds and when it closes.
/// </summary>
public sealed class ChargingOptions
{
    public const string SectionPath = "Firewall:Charging";
    private static readonly TimeSpan MaxCheckpointInterval = TimeSpan.FromHours(1);
    // Bounds the memory and state row of one open record (each container keeps its QoS and location).
    private const int MaxContainerLimit = 100;

    /// <summary>
    /// The <c>Cdf.Client</c> delivery settings: CGFs in priority order (none = charging off), outbox, window, timers.
    /// Defaults are <see cref="CdfOptions"/>' except where <see cref="CreateCdfOptions"/> says otherwise.
    /// </summary>
    public CdfOptions Cdf { get; set; } = CreateCdfOptions();
    /// <summary>The durable outbox (SQLite file), <see cref="CdfOptions.StatePath"/> under the firewall's name for it; it also keeps the local sequence number across restarts.</summary>
    public string Outbox
    {
        get => Cdf.StatePath;
        set => Cdf.StatePath = value;
    }
    /// <summary>nodeID of every record (TS 32.298 §5.1.2.2.36: IA5String, 1-20 characters).</summary>
    public string NodeId { get; set; } = "gtp-firewall";
    /// <summary>Uplink + downlink octets after which a partial record is closed (volumeLimit); 0 = none.</summary>
    public long VolumeLimit { get; set; }
    /// <summary>Age after which a partial record is closed (timeLimit); zero = none. Checked at the engine's sweep (10 s).</summary>
    public TimeSpan TimeLimit { get; set; }
    /// <summary>Closed records waiting for the encoder; a full queue never blocks the packet thread (see README).</summary>
    public int QueueCapacity { get; set; } = 65_536;
    /// <summary>
    /// 2 octets of chargingCharacteristics, hex: used only for a context whose create request carried no Charging
    /// Characteristics IE (chChSelectionMode homeDefault; the IE's value gets servingNodeSupplied).
    /// </summary>
    public string ChargingCharacteristics { get; set; } = "0800";
    /// <summary><c>SgwCdr</c> (sGWRecord, default) or <c>PgwCdr</c> (pGWRecord [79]) for GTPv2 bearers; GTPv0/v1 always give G-CDRs.</summary>
    public string RecordType { get; set; } = nameof(ChargingRecordType.SgwCdr);
    /// <summary>ratingGroup of the one service data container kind a PGW-CDR carries (TS 32.298 §5.1.2.2.44).</summary>
    public uint RatingGroup { get; set; }
    /// <summary>A user location change (ULI IE with another value) also starts a new traffic volume container.</summary>
    public bool ContainerOnUserLocationChange { get; set; }
    /// <summary>Containers per record; one more change closes the record as a partial one (maxChangeCond).</summary>
    public int MaxContainers { get; set; } = 10;
    /// <summary>How long <c>replay</c> waits for the CGFs to acknowledge everything before it exits.</summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How often <c>run</c> writes the usage of the tunnels that changed (and their open records) to the state: what a
    /// kill -9 may lose per tunnel at most (docs/firewall-design.md, "Tunnel state").
    /// </summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromSeconds(10);
    /// <summary>
    /// At a graceful stop of <c>run</c>, close every open record (managementIntervention) instead of leaving it open in
    /// the state for the next start: for a firewall being retired.
    /// </summary>
    public bool CloseRecordsOnStop { get; set; }
    /// <summary>
    /// Without charging (no CGFs): the SQLite file keeping the tunnel table across restarts of <c>run</c>; empty = not
    /// kept. With charging the state lives in the outbox, in the same transactions as the records.
    /// </summary>
    public string StateFile { get; set; } = "";

    public bool Enabled => Cdf.Cgfs.Count > 0;

    /// <summary>The delivery settings the firewall starts from.</summary>
    private static CdfOptions CreateCdfOptions() => new()
    {
        // Its own file, so a firewall and the cdf tool started in the same directory never share an outbox.
        StatePath = "firewall-cdf.db",
        // The firewall's window has always been 256 requests per CGF (the CDF's is 1024): kept, so an upgrade does not
        // change how hard a firewall may drive a CGF it shares with the network elements.
        Window = 256,
    };

    /// <summary>
    /// The first problem of the firewall's own settings as (key, message), or null when valid. The delivery
    /// settings (<see cref="Cdf"/>) are <c>CdfOptionsValidator</c>'s, called by the firewall's options validator.
    /// </summary>
    public (string Key, string Message)? Validate()
    {
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
        if (ParseRecordType() is null)
            return ($"{SectionPath}:RecordType", $"'{RecordType}' must be SgwCdr or PgwCdr");
        if (MaxContainers is < 1 or > MaxContainerLimit)
            return ($"{SectionPath}:MaxContainers", $"{MaxContainers} must be 1-{MaxContainerLimit}");
        if (CheckpointInterval <= TimeSpan.Zero || CheckpointInterval > MaxCheckpointInterval)
            return ($"{SectionPath}:CheckpointInterval", $"{CheckpointInterval} must be positive and at most {MaxCheckpointInterval}");
        if (DrainTimeout < TimeSpan.Zero)
            return ($"{SectionPath}:DrainTimeout", $"{DrainTimeout} must not be negative");
        return null;
    }

    internal ChargingRecordType? ParseRecordType()
        => Enum.TryParse<ChargingRecordType>(RecordType, ignoreCase: true, out var type) && Enum.IsDefined(type) && !RecordType.Any(char.IsAsciiDigit)
            ? type
            : null;

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
}
