namespace Charging.Cdr;

/// <summary>
/// The fields of one BER CDR that the CGF indexes and shows (TS 32.298 §5.1.2.2;
/// docs/cdr-formats.md §2). All null for record types this reader does not know: those are stored and
/// exported unchanged, just not indexed.
/// </summary>
/// <param name="ChoiceTag">Context tag of the GPRSRecord CHOICE alternative (e.g. 78 sGWRecord), or null when not a context-tagged record.</param>
/// <param name="RecordType">recordType [0] as stored in the record (84 SGW, 85 PGW, 19 Rel-7 G-CDR).</param>
/// <param name="ServedImsi">servedIMSI [3], TBCD decoded to digits.</param>
/// <param name="ChargingId">chargingID [5].</param>
/// <param name="LocalSequenceNumber">localSequenceNumber [20].</param>
/// <param name="RecordOpeningTime">recordOpeningTime [13].</param>
/// <param name="UplinkVolume">Sum of dataVolumeGPRSUplink [3] over listOfTrafficVolumes [12].</param>
/// <param name="DownlinkVolume">Sum of dataVolumeGPRSDownlink [4] over listOfTrafficVolumes [12] (PGW-CDR: datavolumeFBCDownlink [13] over listOfServiceData [34]).</param>
/// <param name="ServedMsisdn">servedMSISDN [22]: the E.164 digits of the ISDN-AddressString (its first octet, nature and plan, left out).</param>
/// <param name="RatType">rATType [30] (TS 29.061 values: 1 UTRAN, 2 GERAN, 6 EUTRAN, 10 NR).</param>
public readonly record struct CdrSummary(
    int? ChoiceTag,
    int? RecordType,
    string? ServedImsi,
    long? ChargingId,
    long? LocalSequenceNumber,
    DateTimeOffset? RecordOpeningTime,
    long? UplinkVolume,
    long? DownlinkVolume,
    string? ServedMsisdn = null,
    int? RatType = null)
{
    /// <summary>True when the CHOICE alternative is one this reader extracts fields from.</summary>
    public bool IsKnown => RecordType is not null;

    /// <summary>The ASN.1 name of the CHOICE alternative (docs/cdr-formats.md §1), or "unknown [n]".</summary>
    public string RecordTypeName => ChoiceTag switch
    {
        CdrSummaryReader.SgwRecordTag => "sGWRecord",
        CdrSummaryReader.PgwRecordTag => "pGWRecord",
        CdrSummaryReader.GgsnPdpRecordTag => "ggsnPDPRecord",
        null => "unknown",
        var tag => $"unknown [{tag}]",
    };
}
