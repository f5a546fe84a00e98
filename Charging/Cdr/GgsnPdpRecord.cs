using System.Net;

namespace Charging.Cdr;

/// <summary>
/// The GGSNPDPRecord (G-CDR, Rel-7 GGSNPDPRecordV750; docs/cdr-formats.md §2.3) fields this product produces
/// for GTPv0/v1 PDP contexts. Mandatory fields are non-nullable; a null optional field is left out.
/// </summary>
public sealed record GgsnPdpRecord
{
    /// <summary>ggsnPDPRecord in the Rel-7 RecordType list (gone from Rel-8 on; tshark shows it as "Unknown (19)").</summary>
    public const int RecordType = 19;

    public required string ServedImsi { get; init; }
    public required IPAddress GgsnAddress { get; init; }
    public required uint ChargingId { get; init; }
    /// <summary>SGSN addresses used during the record (sgsnAddress [6], SEQUENCE OF GSNAddress).</summary>
    public required IReadOnlyList<IPAddress> SgsnAddresses { get; init; }
    public string? AccessPointNameNi { get; init; }
    /// <summary>PDPType octets (docs/cdr-formats.md §2.6): F1 21 = IETF IPv4.</summary>
    public byte[]? PdpType { get; init; }
    public IPAddress? ServedPdpAddress { get; init; }
    public IReadOnlyList<TrafficVolume>? ListOfTrafficVolumes { get; init; }
    public required DateTimeOffset RecordOpeningTime { get; init; }
    /// <summary>CallDuration in whole seconds.</summary>
    public required long Duration { get; init; }
    public required CauseForRecClosing CauseForRecordClosing { get; init; }
    public int? RecordSequenceNumber { get; init; }
    public string? NodeId { get; init; }
    public uint? LocalSequenceNumber { get; init; }
    /// <summary>2 octets copied from the GTP Charging Characteristics IE.</summary>
    public required byte[] ChargingCharacteristics { get; init; }

    /// <summary>dynamicAddressFlag [11].</summary>
    public bool? DynamicAddressFlag { get; init; }
    /// <summary>apnSelectionMode [21].</summary>
    public byte? ApnSelectionMode { get; init; }
    /// <summary>servedMSISDN [22]: E.164 digits without '+'.</summary>
    public string? ServedMsisdn { get; init; }
    /// <summary>chChSelectionMode [24].</summary>
    public byte? ChChSelectionMode { get; init; }
    /// <summary>sgsnPLMNIdentifier [27]: MCC and MNC of the SGSN (from its RAI).</summary>
    public (string Mcc, string Mnc)? SgsnPlmnIdentifier { get; init; }
    /// <summary>servedIMEISV [29]: TBCD in 8 octets.</summary>
    public string? ServedImeisv { get; init; }
    /// <summary>rATType [30].</summary>
    public byte? RatType { get; init; }
    /// <summary>mSTimeZone [31]: the 2 octets of the MS Time Zone IE.</summary>
    public byte[]? MsTimeZone { get; init; }
    /// <summary>userLocationInformation [32]: the TS 29.060 §7.7.51 ULI from its Geographic Location Type octet on.</summary>
    public byte[]? UserLocationInformation { get; init; }
}
