using Charging.CdrFiles;
using System.Formats.Asn1;
using System.Net;
using System.Net.Sockets;

namespace Charging.Cdr;

/// <summary>
/// Encodes <see cref="SgwRecord"/> as GPRSRecord CHOICE sGWRecord [78] in BER (TS 32.298 v17.2,
/// DEFINITIONS IMPLICIT TAGS; docs/cdr-formats.md §2.1, §2.6, §2.7). SET members are written in
/// ascending tag order: BER keeps insertion order, while DER would sort by encoded octets.
/// </summary>
public static class SgwRecordEncoder
{
    /// <summary>GPRSRecord CHOICE tag of sGWRecord (docs/cdr-formats.md §1).</summary>
    public const int SgwRecordChoiceTag = 78;

    // GTP' Data Record Packet identifiers for these records (docs/gtp-prime.md §3.1, docs/cdr-formats.md §3):
    // application 1, Release Identifier 0 + extension 17 (Rel-17), version 17.2 → 2 + 1.
    public const byte ApplicationIdentifier = 1;
    public const byte ReleaseIdentifier = 0;
    public const byte VersionIdentifier = 3;
    public const byte ReleaseIdentifierExtension = 17;

    /// <summary>The identifiers above with format BER, for the CDF to send these records with.</summary>
    public static CdrRecordFormat RecordFormat { get; } =
        new(CdrRecordFormat.Ber, ApplicationIdentifier, ReleaseIdentifier, VersionIdentifier, ReleaseIdentifierExtension);

    private const byte IsdnInternationalE164 = 0x91;

    public static byte[] Encode(SgwRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var writer = new AsnWriter(AsnEncodingRules.BER);
        using (writer.PushSetOf(Context(SgwRecordChoiceTag)))
        {
            writer.WriteInteger(SgwRecord.RecordType, Context(0));
            if (record.ServedImsi is { } imsi)
                writer.WriteOctetString(TbcdOctets(imsi), Context(3));
            WriteGsnAddress(writer, record.SgwAddress, Context(4));
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
            if (record.ListOfTrafficVolumes is { } volumes)
            {
                using (writer.PushSequence(Context(12)))
                {
                    foreach (var volume in volumes)
                        WriteChangeOfCharCondition(writer, volume);
                }
            }
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
            using (writer.PushSequence(Context(35)))
            {
                foreach (var type in record.ServingNodeTypes)
                    writer.WriteEnumeratedValue(type);
            }
            if (record.PgwAddressUsed is { } pgw)
                WriteGsnAddress(writer, pgw, Context(36));
            if (record.PgwPlmnIdentifier is { } pgwPlmn)
                writer.WriteOctetString(PlmnId(pgwPlmn.Mcc, pgwPlmn.Mnc), Context(37));
            if (record.ServedPdpPdnAddressExt is { } pdpAddressExt)
                WritePdpAddress(writer, pdpAddressExt, Context(43));
            if (record.SgwIpv6Address is { } sgwIpv6)
                WriteGsnAddress(writer, sgwIpv6, Context(48));
            if (record.ServingNodeIpv6Addresses is { } servingIpv6)
                WriteGsnAddressList(writer, servingIpv6, Context(49));
            if (record.PgwIpv6AddressUsed is { } pgwIpv6)
                WriteGsnAddress(writer, pgwIpv6, Context(50));
            if (record.LastUserLocationInformation is { } lastUli)
                writer.WriteOctetString(lastUli, Context(55));
        }
        return writer.Encode();
    }

    internal static Asn1Tag Context(int tag) => new(TagClass.ContextSpecific, tag);

    /// <summary>GSNAddress is a CHOICE, so its tag is explicit: A4 06 80 04 ... (docs/cdr-formats.md §2.6).</summary>
    internal static void WriteGsnAddress(AsnWriter writer, IPAddress address, Asn1Tag tag)
    {
        using (writer.PushSequence(tag))
            WriteIpBinaryAddress(writer, address);
    }

    /// <summary>SEQUENCE OF GSNAddress: the elements carry no wrapper (docs/cdr-formats.md §2.6).</summary>
    internal static void WriteGsnAddressList(AsnWriter writer, IReadOnlyList<IPAddress> addresses, Asn1Tag tag)
    {
        using (writer.PushSequence(tag))
        {
            foreach (var address in addresses)
                WriteIpBinaryAddress(writer, address);
        }
    }

    /// <summary>PDPAddress ::= CHOICE { iPAddress [0] IPAddress }: two explicit levels (docs/cdr-formats.md §2.6).</summary>
    internal static void WritePdpAddress(AsnWriter writer, IPAddress address, Asn1Tag tag)
    {
        using (writer.PushSequence(tag))
        using (writer.PushSequence(Context(0)))
            WriteIpBinaryAddress(writer, address);
    }

    /// <summary>EPCQoSInformation SEQUENCE (docs/cdr-formats.md §2.4): qCI [1], bit rates [2]-[5], aRP [6], APN-AMBR [7]-[8].</summary>
    internal static void WriteEpcQos(AsnWriter writer, EpcQosInformation qos, Asn1Tag tag)
    {
        using (writer.PushSequence(tag))
        {
            writer.WriteInteger(qos.Qci, Context(1));
            if (qos.MaxRequestedBandwidthUplink is { } mbrUplink)
                writer.WriteInteger(mbrUplink, Context(2));
            if (qos.MaxRequestedBandwidthDownlink is { } mbrDownlink)
                writer.WriteInteger(mbrDownlink, Context(3));
            if (qos.GuaranteedBitrateUplink is { } gbrUplink)
                writer.WriteInteger(gbrUplink, Context(4));
            if (qos.GuaranteedBitrateDownlink is { } gbrDownlink)
                writer.WriteInteger(gbrDownlink, Context(5));
            if (qos.Arp is { } arp)
                writer.WriteInteger(arp, Context(6));
            if (qos.ApnAmbrUplink is { } ambrUplink)
                writer.WriteInteger(ambrUplink, Context(7));
            if (qos.ApnAmbrDownlink is { } ambrDownlink)
                writer.WriteInteger(ambrDownlink, Context(8));
        }
    }

    /// <summary>MSISDN = ISDN-AddressString: 0x91 (international, E.164) then the TBCD digits (docs/cdr-formats.md §2.6).</summary>
    internal static byte[] MsisdnOctets(string digits) => [IsdnInternationalE164, .. TbcdOctets(digits)];

    /// <summary>IMEI ::= TBCD-STRING (SIZE (8)): 16 digits with the SV, else the 15 digits and a filler.</summary>
    internal static byte[] ImeiOctets(string digits)
    {
        if (digits.Length is not (15 or 16))
            throw new ArgumentException($"'{digits}' is not an IMEI (15 digits) or IMEISV (16 digits)", nameof(digits));
        return TbcdOctets(digits);
    }

    /// <summary>iPBinV4Address [0] or iPBinV6Address [1].</summary>
    internal static void WriteIpBinaryAddress(AsnWriter writer, IPAddress address)
    {
        var tag = address.AddressFamily switch
        {
            AddressFamily.InterNetwork => Context(0),
            AddressFamily.InterNetworkV6 => Context(1),
            _ => throw new ArgumentException($"address family {address.AddressFamily} is not IPv4 or IPv6", nameof(address)),
        };
        writer.WriteOctetString(address.GetAddressBytes(), tag);
    }

    internal static void WriteChangeOfCharCondition(AsnWriter writer, TrafficVolume volume)
    {
        using (writer.PushSequence())
        {
            if (volume.Uplink is { } uplink)
                writer.WriteInteger(uplink, Context(3));
            if (volume.Downlink is { } downlink)
                writer.WriteInteger(downlink, Context(4));
            // ENUMERATED with an implicit tag encodes like INTEGER.
            writer.WriteInteger((int)volume.ChangeCondition, Context(5));
            writer.WriteOctetString(TimeStamp(volume.ChangeTime), Context(6));
            if (volume.UserLocationInformation is { } uli)
                writer.WriteOctetString(uli, Context(8));
            if (volume.Qos is { } qos)
                WriteEpcQos(writer, qos, Context(9));
            if (volume.RatType is { } ratType)
                writer.WriteInteger(ratType, Context(15));
        }
    }

    /// <summary>TBCD digits through the shared codec (docs/cdr-formats.md §2.6).</summary>
    internal static byte[] TbcdOctets(string digits)
    {
        var octets = new byte[(digits.Length + 1) / 2];
        if (!Tbcd.TryEncode(digits, octets, out _))
            throw new ArgumentException($"'{digits}' is not all digits", nameof(digits));
        return octets;
    }

    /// <summary>PLMN-Id: MCC2|MCC1, MNC3|MCC3 (F for 2-digit MNC), MNC2|MNC1 (docs/cdr-formats.md §2.6).</summary>
    public static byte[] PlmnId(string mcc, string mnc)
    {
        int D(string s, int i) => s[i] - '0';
        var mnc3 = mnc.Length == 3 ? D(mnc, 2) : 0xF;
        return
        [
            (byte)(D(mcc, 1) << 4 | D(mcc, 0)),
            (byte)(mnc3 << 4 | D(mcc, 2)),
            (byte)(D(mnc, 1) << 4 | D(mnc, 0)),
        ];
    }

    internal static byte[] TimeStamp(DateTimeOffset time)
    {
        var octets = new byte[CdrTimeStamp.Length];
        CdrTimeStamp.Encode(time, octets);
        return octets;
    }
}
