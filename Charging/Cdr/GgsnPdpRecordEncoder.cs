using System.Formats.Asn1;

namespace Charging.Cdr;

/// <summary>
/// Encodes <see cref="GgsnPdpRecord"/> as GPRSRecord CHOICE ggsnPDPRecord [21] in BER (TS 32.298 Rel-7
/// GGSNPDPRecord, DEFINITIONS IMPLICIT TAGS; docs/cdr-formats.md §1, §2.3, §2.6). Wireshark's Rel-17
/// GPRSRecord keeps [21] for backward compatibility, so these travel in the same GTP' packets as SGW-CDRs.
/// SET members are written in ascending tag order (BER keeps insertion order).
/// </summary>
public static class GgsnPdpRecordEncoder
{
    /// <summary>GPRSRecord CHOICE tag of ggsnPDPRecord (docs/cdr-formats.md §1).</summary>
    public const int GgsnPdpRecordChoiceTag = 21;

    public static byte[] Encode(GgsnPdpRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var writer = new AsnWriter(AsnEncodingRules.BER);
        using (writer.PushSetOf(SgwRecordEncoder.Context(GgsnPdpRecordChoiceTag)))
        {
            writer.WriteInteger(GgsnPdpRecord.RecordType, SgwRecordEncoder.Context(0));
            writer.WriteOctetString(SgwRecordEncoder.TbcdOctets(record.ServedImsi), SgwRecordEncoder.Context(3));
            SgwRecordEncoder.WriteGsnAddress(writer, record.GgsnAddress, SgwRecordEncoder.Context(4));
            writer.WriteInteger(record.ChargingId, SgwRecordEncoder.Context(5));
            using (writer.PushSequence(SgwRecordEncoder.Context(6)))
            {
                foreach (var address in record.SgsnAddresses)
                    SgwRecordEncoder.WriteIpBinaryAddress(writer, address);
            }
            if (record.AccessPointNameNi is { } apn)
                writer.WriteCharacterString(UniversalTagNumber.IA5String, apn, SgwRecordEncoder.Context(7));
            if (record.PdpType is { } pdpType)
                writer.WriteOctetString(pdpType, SgwRecordEncoder.Context(8));
            if (record.ServedPdpAddress is { } pdpAddress)
                SgwRecordEncoder.WritePdpAddress(writer, pdpAddress, SgwRecordEncoder.Context(9));
            if (record.DynamicAddressFlag is { } dynamic)
                writer.WriteBoolean(dynamic, SgwRecordEncoder.Context(11));
            if (record.ListOfTrafficVolumes is { } volumes)
            {
                using (writer.PushSequence(SgwRecordEncoder.Context(12)))
                {
                    foreach (var volume in volumes)
                        SgwRecordEncoder.WriteChangeOfCharCondition(writer, volume);
                }
            }
            writer.WriteOctetString(SgwRecordEncoder.TimeStamp(record.RecordOpeningTime), SgwRecordEncoder.Context(13));
            writer.WriteInteger(record.Duration, SgwRecordEncoder.Context(14));
            writer.WriteInteger((int)record.CauseForRecordClosing, SgwRecordEncoder.Context(15));
            if (record.RecordSequenceNumber is { } recordSequenceNumber)
                writer.WriteInteger(recordSequenceNumber, SgwRecordEncoder.Context(17));
            if (record.NodeId is { } nodeId)
                writer.WriteCharacterString(UniversalTagNumber.IA5String, nodeId, SgwRecordEncoder.Context(18));
            if (record.LocalSequenceNumber is { } localSequenceNumber)
                writer.WriteInteger(localSequenceNumber, SgwRecordEncoder.Context(20));
            if (record.ApnSelectionMode is { } apnSelectionMode)
                writer.WriteInteger(apnSelectionMode, SgwRecordEncoder.Context(21));
            if (record.ServedMsisdn is { } msisdn)
                writer.WriteOctetString(SgwRecordEncoder.MsisdnOctets(msisdn), SgwRecordEncoder.Context(22));
            writer.WriteOctetString(record.ChargingCharacteristics, SgwRecordEncoder.Context(23));
            if (record.ChChSelectionMode is { } chChSelectionMode)
                writer.WriteInteger(chChSelectionMode, SgwRecordEncoder.Context(24));
            if (record.SgsnPlmnIdentifier is { } plmn)
                writer.WriteOctetString(SgwRecordEncoder.PlmnId(plmn.Mcc, plmn.Mnc), SgwRecordEncoder.Context(27));
            if (record.ServedImeisv is { } imei)
                writer.WriteOctetString(SgwRecordEncoder.ImeiOctets(imei), SgwRecordEncoder.Context(29));
            if (record.RatType is { } ratType)
                writer.WriteInteger(ratType, SgwRecordEncoder.Context(30));
            if (record.MsTimeZone is { } timeZone)
                writer.WriteOctetString(timeZone, SgwRecordEncoder.Context(31));
            if (record.UserLocationInformation is { } uli)
                writer.WriteOctetString(uli, SgwRecordEncoder.Context(32));
        }
        return writer.Encode();
    }
}
