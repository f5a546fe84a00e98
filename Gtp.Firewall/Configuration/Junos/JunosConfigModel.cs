namespace Gtp.Firewall.Configuration.Junos;

/// <summary>
/// What the <c>set security …</c> statements have declared so far, in declaration order. Every entity remembers
/// the line and statement that first declared it, and every reference remembers where it was made, so that
/// unresolved names can be reported against the statement that used them.
/// </summary>
internal sealed class JunosConfigModel
{
    public OrderedDictionary<string, Address> Addresses { get; } = new(StringComparer.Ordinal);

    public OrderedDictionary<string, AddressSet> AddressSets { get; } = new(StringComparer.Ordinal);

    public OrderedDictionary<string, Reference> HandoverGroups { get; } = new(StringComparer.Ordinal);

    /// <summary>Juniper default: handovers outside any group are permitted unless <c>handover-default deny</c>.</summary>
    public string HandoverDefault { get; set; } = "permit";

    public OrderedDictionary<string, GtpProfile> GtpProfiles { get; } = new(StringComparer.Ordinal);

    public OrderedDictionary<string, JunosApnControl> ApnControls { get; } = new(StringComparer.Ordinal);

    public OrderedDictionary<string, Zone> Zones { get; } = new(StringComparer.Ordinal);

    /// <summary>Keyed by policy name; Junos evaluates policies in configuration order.</summary>
    public OrderedDictionary<string, Policy> Policies { get; } = new(StringComparer.Ordinal);

    /// <summary>A name used somewhere, with the statement that used it.</summary>
    internal sealed record Reference(string Name, Origin Origin);

    /// <summary>The line and statement an entity or reference came from.</summary>
    internal sealed record Origin(int LineNumber, string Statement);

    internal sealed class Address(Origin origin)
    {
        public Origin Origin { get; } = origin;

        /// <summary>Null while only a description has been set.</summary>
        public string? Prefix { get; set; }
    }

    internal sealed class AddressSet(Origin origin)
    {
        public Origin Origin { get; } = origin;

        public List<Reference> Addresses { get; } = [];

        public List<Reference> AddressSets { get; } = [];
    }

    internal sealed class GtpProfile
    {
        public bool HandoverOnRoamingInterface { get; set; }

        public List<Reference> HandoverGroups { get; } = [];

        public JunosProfileLimits Limits { get; } = new();

        public JunosProfileFilter Filter { get; } = new();
    }

    internal sealed class Zone
    {
        public List<string> Interfaces { get; } = [];

        public List<string> Networks { get; } = [];
    }

    internal sealed class Policy(Origin origin, Reference fromZone, Reference toZone)
    {
        public Origin Origin { get; } = origin;

        public Reference FromZone { get; } = fromZone;

        public Reference ToZone { get; } = toZone;

        public List<Reference> SourceAddresses { get; } = [];

        public List<Reference> DestinationAddresses { get; } = [];

        public List<string> Applications { get; } = [];

        /// <summary>"permit" or "deny"; null until a <c>then</c> statement.</summary>
        public string? Action { get; set; }

        public Reference? GtpProfile { get; set; }
    }
}
