using System.Net;

namespace Charging.Cdr;

/// <summary>
/// The SGWRecord fields this product produces (TS 32.298 §5.2.2, docs/cdr-formats.md §2.1).
/// Mandatory fields are non-nullable; a null optional field is left out of the encoding.
/// </summary>
public sealed record SgwRecord
{
    public const int RecordType = 84;

    public string? ServedImsi { get; init; }
    public required IPAddress SgwAddress { get; init; }
    public required uint ChargingId { get; init; }
    public required IReadOnlyList<IPAddress> ServingNodeAddresses { get; init; }
    public string? AccessPointNameNi { get; init; }
    /// <summary>PDPType octets (docs/cdr-formats.md §2.6): F1 21 = IETF IPv4.</summary>
    public byte[]? PdpPdnType { get; init; }
    public IPAddress? ServedPdpPdnAddress { get; init; }
    public IReadOnlyList<TrafficVolume>? ListOfTrafficVolumes { get; init; }
    public required DateTimeOffset RecordOpeningTime { get; init; }
    /// <summary>CallDuration in whole seconds.</summary>
    public required long Duration { get; init; }
    public required CauseForRecClosing CauseForRecordClosing { get; init; }
    /// <summary>Links the partial records of one bearer, from 1; null for a single complete record (§5.1.2.2.49).</summary>
    public int? RecordSequenceNumber { get; init; }
    /// <summary>Operator-configured name of the producing node, IA5String 1-20 (§5.1.2.2.36).</summary>
    public string? NodeId { get; init; }
    public uint? LocalSequenceNumber { get; init; }
    /// <summary>E.164 digits without '+'; encoded as ISDN-AddressString with 0x91.</summary>
    public string? ServedMsisdn { get; init; }
    /// <summary>2 octets copied from the GTP Charging Characteristics IE.</summary>
    public required byte[] ChargingCharacteristics { get; init; }
    /// <summary>MCC and MNC digits, e.g. ("001", "01").</summary>
    public (string Mcc, string Mnc)? ServingNodePlmnIdentifier { get; init; }
    public byte? RatType { get; init; }
    public required IReadOnlyList<ServingNodeType> ServingNodeTypes { get; init; }
    /// <summary>p-GWAddressUsed [36]: the PGW control address the SGW used.</summary>
    public IPAddress? PgwAddressUsed { get; init; }

    /// <summary>dynamicAddressFlag [11]: true when the served address was allocated at activation (§5.1.2.2.11).</summary>
    public bool? DynamicAddressFlag { get; init; }
    /// <summary>apnSelectionMode [21]: 0 verified, 1 MS-provided not verified, 2 network-provided not verified.</summary>
    public byte? ApnSelectionMode { get; init; }
    /// <summary>chChSelectionMode [24]: 0 servingNodeSupplied, 3 homeDefault, 4 roamingDefault, 5 visitingDefault.</summary>
    public byte? ChChSelectionMode { get; init; }
    /// <summary>servedIMEI [29]: IMEI (15) or IMEISV (16) digits, TBCD in 8 octets.</summary>
    public string? ServedImeisv { get; init; }
    /// <summary>mSTimeZone [31]: the 2 octets of the UE/MS Time Zone IE.</summary>
    public byte[]? MsTimeZone { get; init; }
    /// <summary>userLocationInformation [32]: the ULI IE from its flags octet on (docs/cdr-formats.md §2.6).</summary>
    public byte[]? UserLocationInformation { get; init; }
    /// <summary>p-GWPLMNIdentifier [37].</summary>
    public (string Mcc, string Mnc)? PgwPlmnIdentifier { get; init; }
    /// <summary>servedPDPPDNAddressExt [43]: the IPv4 address of an IPv4v6 session (the IPv6 one is in [9]).</summary>
    public IPAddress? ServedPdpPdnAddressExt { get; init; }
    /// <summary>s-GWiPv6Address [48]: the SGW's IPv6 control address when it has both families.</summary>
    public IPAddress? SgwIpv6Address { get; init; }
    /// <summary>servingNodeiPv6Address [49], parallel to servingNodeAddress.</summary>
    public IReadOnlyList<IPAddress>? ServingNodeIpv6Addresses { get; init; }
    /// <summary>p-GWiPv6AddressUsed [50].</summary>
    public IPAddress? PgwIpv6AddressUsed { get; init; }
    /// <summary>lastUserLocationInformation [55]: the ULI at closure when it changed during the record.</summary>
    public byte[]? LastUserLocationInformation { get; init; }
}
