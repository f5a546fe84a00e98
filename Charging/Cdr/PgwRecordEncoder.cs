using System.Formats.Asn1;
using static Charging.Cdr.SgwRecordEncoder;

namespace Charging.Cdr;

/// <summary>
/// Encodes <see cref="PgwRecord"/> as GPRSRecord CHOICE pGWRecord [79] in BER (TS 32.298 v17.2, DEFINITIONS IMPLICIT
/// TAGS; docs/cdr-formats.md §2.2). It travels with the same GTP' identifiers as the SGW-CDR
/// (<see cref="SgwRecordEncoder.RecordFormat"/>). SET members in ascending tag order.
/// </summary>
public static class PgwRecordEncoder
{
    /// <summary>GPRSRecord CHOICE tag of pGWRecord (docs/cdr-formats.md §1).</summary>
    public const int PgwRecordChoiceTag = 79;

    public static byte[] Encode(PgwRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var writer = new AsnWriter(AsnEncodingRules.BER);
        using (writer.PushSetOf(Context(PgwRecordChoiceTag)))
        {
            writer.WriteInteger(PgwRecord.RecordType, Context(0));
            if (record.ServedImsi is { } imsi)
                writer.WriteOctetString(TbcdOctets(imsi), Context(3));
            WriteGsnAddress(writer, record.PgwAddress, Context(4));
            writer.WriteInteger(record.ChargingId, Context(5));
            WriteGsnAddressList(writer, record.ServingNodeAddresses, Context(6));
            if (record.AccessPointNameNi is { } apn)
                writer.WriteCharacterString(UniversalTagNumber.IA5String, apn, Context(7));
            if (record.PdpPdnType is { } pdpType)
                writer.WriteOctetString(pdpType, Context(8));
            if (record.ServedPdpPdnAddress is { } pdpAddress)
                WritePdpAddress(writer, pdpAddress, Context(9));
            if (record.DynamicAddressFlag is { } dynamic)
                writer.WriteBoolean(dynamic, Context(11));
            writer.WriteOctetString(TimeStamp(record.RecordOpeningTime), Context(13));
            writer.WriteInteger(record.Duration, Context(14));
            writer.WriteInteger((int)record.CauseForRecordClosing, Context(15));
            if (record.RecordSequenceNumber is { } recordSequenceNumber)
                writer.WriteInteger(recordSequenceNumber, Context(17));
            if (record.NodeId is { } nodeId)
                writer.WriteCharacterString(UniversalTagNumber.IA5String, nodeId, Context(18));
            if (record.LocalSequenceNumber is { } localSequenceNumber)
                writer.WriteInteger(localSequenceNumber, Context(20));
            if (record.ApnSelectionMode is { } apnSelectionMode)
                writer.WriteInteger(apnSelectionMode, Context(21));
            if (record.ServedMsisdn is { } msisdn)
                writer.WriteOctetString(MsisdnOctets(msisdn), Context(22));
            writer.WriteOctetString(record.ChargingCharacteristics, Context(23));
            if (record.ChChSelectionMode is { } chChSelectionMode)
                writer.WriteInteger(chChSelectionMode, Context(24));
            if (record.ServingNodePlmnIdentifier is { } plmn)
                writer.WriteOctetString(PlmnId(plmn.Mcc, plmn.Mnc), Context(27));
            if (record.ServedImeisv is { } imei)
                writer.WriteOctetString(ImeiOctets(imei), Context(29));
            if (record.RatType is { } ratType)
                writer.WriteInteger(ratType, Context(30));
            if (record.MsTimeZone is { } timeZone)
                writer.WriteOctetString(timeZone, Context(31));
            if (record.UserLocationInformation is { } uli)
                writer.WriteOctetString(uli, Context(32));
            using (writer.PushSequence(Context(34)))
            {
                foreach (var container in record.ListOfServiceData)
                    WriteChangeOfServiceCondition(writer, container);
            }
            using (writer.PushSequence(Context(35)))
            {
                foreach (var type in record.ServingNodeTypes)
                    writer.WriteEnumeratedValue(type);
            }
            if (record.PgwPlmnIdentifier is { } pgwPlmn)
                writer.WriteOctetString(PlmnId(pgwPlmn.Mcc, pgwPlmn.Mnc), Context(37));
            if (record.ServedPdpPdnAddressExt is { } pdpAddressExt)
                WritePdpAddress(writer, pdpAddressExt, Context(45));
            if (record.ServingNodeIpv6Addresses is { } servingIpv6)
                WriteGsnAddressList(writer, servingIpv6, Context(49));
            if (record.PgwIpv6Address is { } pgwIpv6)
                WriteGsnAddress(writer, pgwIpv6, Context(50));
            if (record.Qos is { } qos)
                WriteEpcQos(writer, qos, Context(55));
            if (record.LastUserLocationInformation is { } lastUli)
                writer.WriteOctetString(lastUli, Context(57));
        }
        return writer.Encode();
    }

    /// <summary>ChangeOfServiceCondition SEQUENCE (docs/cdr-formats.md §2.2), members in tag order.</summary>
    internal static void WriteChangeOfServiceCondition(AsnWriter writer, ServiceDataContainer container)
    {
        using (writer.PushSequence())
        {
            writer.WriteInteger(container.RatingGroup, Context(1));
            if (container.LocalSequenceNumber is { } localSequenceNumber)
                writer.WriteInteger(localSequenceNumber, Context(4));
            if (container.TimeOfFirstUsage is { } first)
                writer.WriteOctetString(TimeStamp(first), Context(5));
            if (container.TimeOfLastUsage is { } last)
                writer.WriteOctetString(TimeStamp(last), Context(6));
            if (container.TimeUsage is { } timeUsage)
                writer.WriteInteger(timeUsage, Context(7));
            var bits = ServiceConditionBits(container.Conditions, out var unusedBits);
            writer.WriteBitString(bits, unusedBits, Context(8));
            if (container.Qos is { } qos)
                WriteEpcQos(writer, qos, Context(9));
            if (container.Uplink is { } uplink)
                writer.WriteInteger(uplink, Context(12));
            if (container.Downlink is { } downlink)
                writer.WriteInteger(downlink, Context(13));
            writer.WriteOctetString(TimeStamp(container.TimeOfReport), Context(14));
            if (container.UserLocationInformation is { } uli)
                writer.WriteOctetString(uli, Context(20));
            if (container.RatType is { } ratType)
                writer.WriteInteger(ratType, Context(30));
        }
    }

    /// <summary>
    /// The named-bit BIT STRING with trailing zero bits removed (X.690 §11.2.2, which BER readers accept and the
    /// sample records use): recordClosure (bit 24) alone is 07 00 00 00 80 (docs/cdr-formats.md §2.6).
    /// </summary>
    internal static byte[] ServiceConditionBits(IReadOnlyList<ServiceConditionChange> conditions, out int unusedBits)
    {
        if (conditions.Count == 0)
        {
            unusedBits = 0;
            return [];
        }
        var highest = conditions.Max(c => (int)c);
        var octets = new byte[highest / 8 + 1];
        foreach (var condition in conditions)
            octets[(int)condition / 8] |= (byte)(0x80 >> ((int)condition % 8));
        unusedBits = 7 - highest % 8;
        return octets;
    }
}
