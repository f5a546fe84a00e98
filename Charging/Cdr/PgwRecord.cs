using System.Net;

namespace Charging.Cdr;

/// <summary>
/// The PGWRecord fields this product produces (TS 32.298 §5.2.2, pGWRecord [79], recordType 85; docs/cdr-formats.md
/// §2.2). Tags 0-27 mean what they mean in the SGW-CDR; from [28] on they differ. Volumes travel in
/// listOfServiceData [34]. Mandatory fields are non-nullable; a null optional field is left out.
/// </summary>
public sealed record PgwRecord
{
    public const int RecordType = 85;

    public string? ServedImsi { get; init; }
    /// <summary>p-GWAddress [4]: the PGW's control address (IPv4 when it has both).</summary>
    public required IPAddress PgwAddress { get; init; }
    public required uint ChargingId { get; init; }
    /// <summary>servingNodeAddress [6]: the SGW (or SGSN) control addresses used during the record.</summary>
    public required IReadOnlyList<IPAddress> ServingNodeAddresses { get; init; }
    public string? AccessPointNameNi { get; init; }
    public byte[]? PdpPdnType { get; init; }
    public IPAddress? ServedPdpPdnAddress { get; init; }
    public bool? DynamicAddressFlag { get; init; }
    public required DateTimeOffset RecordOpeningTime { get; init; }
    /// <summary>CallDuration in whole seconds.</summary>
    public required long Duration { get; init; }
    public required CauseForRecClosing CauseForRecordClosing { get; init; }
    public int? RecordSequenceNumber { get; init; }
    public string? NodeId { get; init; }
    public uint? LocalSequenceNumber { get; init; }
    public byte? ApnSelectionMode { get; init; }
    public string? ServedMsisdn { get; init; }
    public required byte[] ChargingCharacteristics { get; init; }
    public byte? ChChSelectionMode { get; init; }
    public (string Mcc, string Mnc)? ServingNodePlmnIdentifier { get; init; }
    /// <summary>servedIMEI [29].</summary>
    public string? ServedImeisv { get; init; }
    public byte? RatType { get; init; }
    public byte[]? MsTimeZone { get; init; }
    public byte[]? UserLocationInformation { get; init; }
    /// <summary>listOfServiceData [34]: the volumes, one container per period and rating group.</summary>
    public required IReadOnlyList<ServiceDataContainer> ListOfServiceData { get; init; }
    public required IReadOnlyList<ServingNodeType> ServingNodeTypes { get; init; }
    /// <summary>p-GWPLMNIdentifier [37].</summary>
    public (string Mcc, string Mnc)? PgwPlmnIdentifier { get; init; }
    /// <summary>servedPDPPDNAddressExt [45]: the IPv4 address of an IPv4v6 session.</summary>
    public IPAddress? ServedPdpPdnAddressExt { get; init; }
    /// <summary>servingNodeiPv6Address [49].</summary>
    public IReadOnlyList<IPAddress>? ServingNodeIpv6Addresses { get; init; }
    /// <summary>p-GWiPv6AddressUsed [50]: the PGW's IPv6 control address.</summary>
    public IPAddress? PgwIpv6Address { get; init; }
    /// <summary>ePCQoSInformation [55]: the default bearer's QoS at opening.</summary>
    public EpcQosInformation? Qos { get; init; }
    /// <summary>lastUserLocationInformation [57].</summary>
    public byte[]? LastUserLocationInformation { get; init; }
}
