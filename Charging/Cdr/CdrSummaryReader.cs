using System.Formats.Asn1;

namespace Charging.Cdr;

/// <summary>
/// Span-based extraction of the indexed fields of a BER GPRSRecord (TS 32.298;
/// docs/cdr-formats.md §1-§2): walks the top-level SET once, reads only the members it needs, skips the rest.
/// Called per record at ingest, on the receiving thread. Never throws: malformed or unknown input
/// gives a summary with null fields.
/// </summary>
public static class CdrSummaryReader
{
    /// <summary>GPRSRecord CHOICE tags (docs/cdr-formats.md §1): [78] sGWRecord, [79] pGWRecord, [21] Rel-7 ggsnPDPRecord.</summary>
    public const int SgwRecordTag = 78;
    public const int PgwRecordTag = 79;
    public const int GgsnPdpRecordTag = 21;

    // Member tags shared by SGWRecord, PGWRecord and GGSNPDPRecord (docs/cdr-formats.md §2.1-§2.3).
    private const int RecordTypeTag = 0;
    private const int ServedImsiTag = 3;
    private const int ChargingIdTag = 5;
    private const int ListOfTrafficVolumesTag = 12;
    private const int RecordOpeningTimeTag = 13;
    private const int LocalSequenceNumberTag = 20;
    private const int ServedMsisdnTag = 22;
    private const int RatTypeTag = 30;
    /// <summary>listOfServiceData [34], in the PGW-CDR only (in the SGW-CDR [34] is sGWChange, a BOOLEAN).</summary>
    private const int ListOfServiceDataTag = 34;

    // ChangeOfCharCondition (docs/cdr-formats.md §2.4).
    private const int DataVolumeUplinkTag = 3;
    private const int DataVolumeDownlinkTag = 4;

    // ChangeOfServiceCondition (docs/cdr-formats.md §2.2): datavolumeFBCUplink/Downlink.
    private const int FbcUplinkTag = 12;
    private const int FbcDownlinkTag = 13;

    /// <summary>Reads the summary of one record; unknown record types give only <see cref="CdrSummary.ChoiceTag"/>.</summary>
    /// <param name="subscriber">
    /// Also servedMSISDN and rATType (shown by the queries); the indexer, which looks up by IMSI, charging ID and
    /// opening time only, leaves them out and allocates no MSISDN string per CDR.
    /// </param>
    public static CdrSummary Read(ReadOnlySpan<byte> record, bool subscriber = true)
    {
        if (!TryReadElement(record, out var tag, out var contents, out _) || tag.TagClass != TagClass.ContextSpecific)
            return default;
        var choice = tag.TagValue;
        if (!tag.IsConstructed || choice is not (SgwRecordTag or PgwRecordTag or GgsnPdpRecordTag))
            return new CdrSummary(choice, null, null, null, null, null, null, null);

        int? recordType = null;
        string? imsi = null, msisdn = null;
        int? ratType = null;
        long? chargingId = null, localSequence = null, uplink = null, downlink = null;
        DateTimeOffset? openingTime = null;
        while (!contents.IsEmpty)
        {
            if (!TryReadElement(contents, out var member, out var value, out var consumed))
                break; // Keep what was read before the damage.
            contents = contents[consumed..];
            if (member.TagClass != TagClass.ContextSpecific)
                continue;
            switch (member.TagValue)
            {
                case RecordTypeTag when !member.IsConstructed && TryReadInteger(value, out var type) && type is >= 0 and <= int.MaxValue:
                    recordType = (int)type;
                    break;
                case ServedImsiTag when !member.IsConstructed:
                    imsi = Tbcd.Decode(value);
                    break;
                case ChargingIdTag when !member.IsConstructed && TryReadInteger(value, out var id):
                    chargingId = id;
                    break;
                case LocalSequenceNumberTag when !member.IsConstructed && TryReadInteger(value, out var sequence):
                    localSequence = sequence;
                    break;
                case RecordOpeningTimeTag when !member.IsConstructed && CdrTimeStamp.TryDecode(value, out var time):
                    openingTime = time;
                    break;
                case ListOfTrafficVolumesTag when member.IsConstructed:
                    SumVolumes(value, DataVolumeUplinkTag, DataVolumeDownlinkTag, ref uplink, ref downlink);
                    break;
                case ListOfServiceDataTag when member.IsConstructed && choice == PgwRecordTag:
                    SumVolumes(value, FbcUplinkTag, FbcDownlinkTag, ref uplink, ref downlink);
                    break;
                case ServedMsisdnTag when subscriber && !member.IsConstructed && value.Length >= 2:
                    // ISDN-AddressString: octet 1 is extension, nature of number and numbering plan (TS 29.002).
                    msisdn = Tbcd.Decode(value[1..]);
                    break;
                case RatTypeTag when subscriber && !member.IsConstructed && TryReadInteger(value, out var rat) && rat is >= 0 and <= 255:
                    ratType = (int)rat;
                    break;
            }
        }
        // A record whose recordType is missing is still of the CHOICE's type: index it by the tag.
        recordType ??= choice switch { SgwRecordTag => 84, PgwRecordTag => 85, _ => 19 };
        return new CdrSummary(choice, recordType, imsi, chargingId, localSequence, openingTime, uplink, downlink, msisdn, ratType);
    }

    /// <summary>listOfTrafficVolumes / listOfServiceData: SEQUENCE OF containers (universal SEQUENCEs) holding the two volume tags.</summary>
    private static void SumVolumes(ReadOnlySpan<byte> list, int uplinkTag, int downlinkTag, ref long? uplink, ref long? downlink)
    {
        while (!list.IsEmpty && TryReadElement(list, out _, out var container, out var consumed))
        {
            list = list[consumed..];
            while (!container.IsEmpty && TryReadElement(container, out var field, out var value, out var used))
            {
                container = container[used..];
                if (field.TagClass != TagClass.ContextSpecific || field.IsConstructed || !TryReadInteger(value, out var octets))
                    continue;
                if (field.TagValue == uplinkTag)
                    uplink = (uplink ?? 0) + octets;
                else if (field.TagValue == downlinkTag)
                    downlink = (downlink ?? 0) + octets;
            }
        }
    }

    /// <summary>
    /// One TLV (X.690 §8.1); false when it does not parse. Definite lengths (what CDFs send) are read here
    /// directly, the hot path at ingest; an indefinite length goes to AsnDecoder, which finds its end.
    /// </summary>
    private static bool TryReadElement(ReadOnlySpan<byte> source, out Asn1Tag tag, out ReadOnlySpan<byte> contents, out int consumed)
    {
        tag = default;
        contents = default;
        consumed = 0;
        if (source.Length < 2)
            return false;
        var first = source[0];
        var number = first & 0x1F;
        var offset = 1;
        if (number == 0x1F)
        {
            // X.690 §8.1.2.4: high tag number, base 128, at most 4 octets here.
            number = 0;
            byte octet;
            do
            {
                if (offset >= source.Length || offset > 4)
                    return false;
                octet = source[offset++];
                number = number << 7 | octet & 0x7F;
            }
            while ((octet & 0x80) != 0);
        }
        if (offset >= source.Length)
            return false;
        var lengthOctet = source[offset++];
        int length;
        if (lengthOctet < 0x80)
        {
            length = lengthOctet;
        }
        else if (lengthOctet == 0x80)
        {
            return TryReadIndefinite(source, out tag, out contents, out consumed);
        }
        else
        {
            // X.690 §8.1.3.5: long form, at most 3 length octets here (16 MiB).
            var count = lengthOctet & 0x7F;
            if (count > 3 || offset + count > source.Length)
                return false;
            length = 0;
            for (var i = 0; i < count; i++)
                length = length << 8 | source[offset++];
        }
        if ((uint)length > (uint)(source.Length - offset))
            return false;
        tag = new Asn1Tag((TagClass)(first & 0xC0), number, (first & 0x20) != 0);
        contents = source.Slice(offset, length);
        consumed = offset + length;
        return true;
    }

    private static bool TryReadIndefinite(ReadOnlySpan<byte> source, out Asn1Tag tag, out ReadOnlySpan<byte> contents, out int consumed)
    {
        try
        {
            if (AsnDecoder.TryReadEncodedValue(source, AsnEncodingRules.BER, out tag, out var offset, out var length, out consumed))
            {
                contents = source.Slice(offset, length);
                return true;
            }
        }
        catch (AsnContentException)
        {
            // Documented as non-throwing for malformed data; guarded so ingest never fails on a record.
            tag = default;
            consumed = 0;
        }
        contents = default;
        return false;
    }

    /// <summary>Two's-complement INTEGER contents (X.690 §8.3) that fit a long; the leading 00 of values ≥ 2^63 does not fit.</summary>
    private static bool TryReadInteger(ReadOnlySpan<byte> contents, out long value)
    {
        value = 0;
        if (contents.IsEmpty)
            return false;
        // A leading 00 before a set high bit is the unsigned form (docs/cdr-formats.md §2.6): drop it.
        if (contents.Length > 8 && contents[0] == 0 && (contents[1] & 0x80) != 0)
            contents = contents[1..];
        if (contents.Length > 8)
            return false;
        long result = (sbyte)contents[0];
        for (var i = 1; i < contents.Length; i++)
            result = result << 8 | contents[i];
        if (contents.Length == 8 && contents[0] >= 0x80 && result >= 0)
            return false;
        value = result;
        return true;
    }
}
