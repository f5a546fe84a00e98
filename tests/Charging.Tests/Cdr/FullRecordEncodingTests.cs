using Charging.Cdr;
using System.Formats.Asn1;
using System.Net;

namespace Charging.Tests.Cdr;

/// <summary>
/// One SGW-CDR and one PGW-CDR with every field this product fills, against BER written out by hand field by field
/// (TS 32.298 v17.2 tags, docs/cdr-formats.md §2.1, §2.2, §2.4, §2.6), then read back field by field with AsnReader.
/// </summary>
public sealed class FullRecordEncodingTests
{
    private static readonly DateTimeOffset Opened = new(2024, 5, 17, 10, 15, 30, TimeSpan.Zero);
    private static readonly DateTimeOffset QosChanged = new(2024, 5, 17, 10, 16, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Closed = new(2024, 5, 17, 10, 16, 30, TimeSpan.Zero);

    // ULI with TAI and ECGI (flags 0x18), PLMN 001/01: from the flags octet on, as the SGW/PGW-CDR copies it.
    private static readonly byte[] Uli = Convert.FromHexString("1800F110000100F11000000001");
    private static readonly byte[] LastUli = Convert.FromHexString("1800F110000200F11000000002");

    private static readonly EpcQosInformation Qos = new()
    {
        Qci = 9,
        MaxRequestedBandwidthUplink = 1_000_000,
        MaxRequestedBandwidthDownlink = 2_000_000,
        Arp = 0x45,
        ApnAmbrUplink = 50_000_000,
        ApnAmbrDownlink = 100_000_000,
    };

    internal const string FullSgwRecord =
        "BF4E820171" + // header
        "800154" + // recordType 84
        "830800010121436587F9" + // servedIMSI
        "A4068004C000020A" + // s-GWAddress
        "85050080000001" + // chargingID
        "A6068004C0000214" + // servingNodeAddress
        "8708696E7465726E6574" + // apn
        "8802F18D" + // pdpPDNType
        "A914A012811020010DB8000000000000000000000001" + // servedPDPPDNAddress
        "8B01FF" + // dynamicAddressFlag
        "AC5F3045830164840200C885010086092405171016002B0000880D1800F110000100F11000000001A91C81010982030F" + // listOfTrafficVolumes
        "424083031E8480860145870402FAF080880405F5E1008F010630168302012C8402019085010286092405171016302B00" +
        "00" +
        "8D092405171015302B0000" + // recordOpeningTime
        "8E013C" + // duration
        "8F0100" + // cause
        "910101" + // recordSequenceNumber
        "9203667731" + // nodeID
        "940107" + // localSequenceNumber
        "950100" + // apnSelectionMode
        "9607916407214365F7" + // servedMSISDN
        "97020800" + // chargingCharacteristics
        "980100" + // chChSelectionMode
        "9B0300F110" + // servingNodePLMNIdentifier
        "9D085302990071168432" + // servedIMEI
        "9E0106" + // rATType
        "9F1F028000" + // mSTimeZone
        "9F200D1800F110000100F11000000001" + // userLocationInformation
        "BF23030A0105" + // servingNodeType
        "BF24068004C000021E" + // p-GWAddressUsed
        "9F250362F210" + // p-GWPLMNIdentifier
        "BF2B08A00680040A2D0007" + // servedPDPPDNAddressExt
        "BF3012811020010DB800000000000000000000000A" + // s-GWiPv6Address
        "BF3112811020010DB8000000000000000000000014" + // servingNodeiPv6Address
        "BF3212811020010DB800000000000000000000001E" + // p-GWiPv6AddressUsed
        "9F370D1800F110000200F11000000002"; // lastUserLocationInformation

    internal const string FullPgwRecord =
        "BF4F82019E" + // header
        "800155" + // recordType 85
        "830800010121436587F9" + // servedIMSI
        "A4068004C000021E" + // p-GWAddress
        "85050080000001" + // chargingID
        "A6068004C000020A" + // servingNodeAddress
        "8708696E7465726E6574" + // apn
        "8802F18D" + // pdpPDNType
        "A914A012811020010DB8000000000000000000000001" + // servedPDPPDNAddress
        "8B01FF" + // dynamicAddressFlag
        "8D092405171015302B0000" + // recordOpeningTime
        "8E013C" + // duration
        "8F0100" + // cause
        "910101" + // recordSequenceNumber
        "9203667731" + // nodeID
        "940108" + // localSequenceNumber
        "950100" + // apnSelectionMode
        "9607916407214365F7" + // servedMSISDN
        "97020800" + // chargingCharacteristics
        "980100" + // chChSelectionMode
        "9B0300F110" + // servingNodePLMNIdentifier
        "9D085302990071168432" + // servedIMEI
        "9E0106" + // rATType
        "9F1F028000" + // mSTimeZone
        "9F200D1800F110000100F11000000001" + // userLocationInformation
        "BF228189306581010A84010185092405171015302B000086092405171016002B000087011E88020780A91C8101098203" + // listOfServiceData
        "0F424083031E8480860145870402FAF080880405F5E1008C01648D0200C88E092405171016002B0000940D1800F11000" +
        "0100F110000000019E0106302081010A840102880507000000808C02012C8D0201908E092405171016302B0000" +
        "BF23030A0102" + // servingNodeType
        "9F250362F210" + // p-GWPLMNIdentifier
        "BF2D08A00680040A2D0007" + // servedPDPPDNAddressExt
        "BF3112811020010DB800000000000000000000000A" + // servingNodeiPv6Address
        "BF3212811020010DB800000000000000000000001E" + // p-GWiPv6AddressUsed
        "BF371C81010982030F424083031E8480860145870402FAF080880405F5E100" + // ePCQoSInformation
        "9F390D1800F110000200F11000000002"; // lastUserLocationInformation

    internal static SgwRecord SgwRecord() => new()
    {
        ServedImsi = "001010123456789",
        SgwAddress = IPAddress.Parse("192.0.2.10"),
        ChargingId = 2147483649,
        ServingNodeAddresses = [IPAddress.Parse("192.0.2.20")],
        AccessPointNameNi = "internet",
        PdpPdnType = [0xF1, 0x8D],
        ServedPdpPdnAddress = IPAddress.Parse("2001:db8::1"),
        DynamicAddressFlag = true,
        ListOfTrafficVolumes =
            [
                new TrafficVolume(100, 200, ChangeCondition.QosChange, QosChanged) { UserLocationInformation = Uli, Qos = Qos, RatType = 6 },
                new TrafficVolume(300, 400, ChangeCondition.RecordClosure, Closed),
            ],
        RecordOpeningTime = Opened,
        Duration = 60,
        CauseForRecordClosing = CauseForRecClosing.NormalRelease,
        RecordSequenceNumber = 1,
        NodeId = "fw1",
        LocalSequenceNumber = 7,
        ApnSelectionMode = 0,
        ServedMsisdn = "46701234567",
        ChargingCharacteristics = [0x08, 0x00],
        ChChSelectionMode = 0,
        ServingNodePlmnIdentifier = ("001", "01"),
        ServedImeisv = "3520990017614823",
        RatType = 6,
        MsTimeZone = [0x80, 0x00],
        UserLocationInformation = Uli,
        ServingNodeTypes = [ServingNodeType.Mme],
        PgwAddressUsed = IPAddress.Parse("192.0.2.30"),
        PgwPlmnIdentifier = ("262", "01"),
        ServedPdpPdnAddressExt = IPAddress.Parse("10.45.0.7"),
        SgwIpv6Address = IPAddress.Parse("2001:db8::a"),
        ServingNodeIpv6Addresses = [IPAddress.Parse("2001:db8::14")],
        PgwIpv6AddressUsed = IPAddress.Parse("2001:db8::1e"),
        LastUserLocationInformation = LastUli,
    };

    [Fact]
    public void AFullSgwRecordIsTheHandWrittenBer()
    {
        var encoded = SgwRecordEncoder.Encode(SgwRecord());

        Assert.Equal(FullSgwRecord, Convert.ToHexString(encoded));
        var set = Open(encoded, 78);
        Assert.Equal(84, Int(set, 0));
        Assert.Equal("00010121436587F9", Octets(set, 3));
        Assert.Equal(Bytes("8004C000020A"), Explicit(set, 4));                  // s-GWAddress: iPBinV4Address [0]
        Assert.Equal(2147483649, Int(set, 5));
        set.ReadEncodedValue();                                                  // [6] servingNodeAddress
        Assert.Equal("internet", set.ReadCharacterString(UniversalTagNumber.IA5String, Ctx(7)));
        Assert.Equal("F18D", Octets(set, 8));
        set.ReadEncodedValue();                                                  // [9] servedPDPPDNAddress
        Assert.True(set.ReadBoolean(Ctx(11)));
        var volumes = set.ReadSequence(Ctx(12));
        var first = volumes.ReadSequence();
        Assert.Equal(100, Int(first, 3));
        Assert.Equal(200, Int(first, 4));
        Assert.Equal(0, Int(first, 5));                                          // qoSChange
        Assert.Equal("2405171016002B0000", Octets(first, 6));
        Assert.Equal(Convert.ToHexString(Uli), Octets(first, 8));
        var qos = first.ReadSequence(Ctx(9));
        Assert.Equal(9, Int(qos, 1));
        Assert.Equal(1_000_000, Int(qos, 2));
        Assert.Equal(2_000_000, Int(qos, 3));
        Assert.Equal(0x45, Int(qos, 6));
        Assert.Equal(50_000_000, Int(qos, 7));
        Assert.Equal(100_000_000, Int(qos, 8));
        Assert.Equal(6, Int(first, 15));
        var second = volumes.ReadSequence();
        Assert.Equal(300, Int(second, 3));
        Assert.Equal(400, Int(second, 4));
        Assert.Equal(2, Int(second, 5));                                         // recordClosure
        Assert.False(volumes.HasData);
        Assert.Equal("2405171015302B0000", Octets(set, 13));
        Assert.Equal(60, Int(set, 14));
        Assert.Equal(0, Int(set, 15));
        Assert.Equal(1, Int(set, 17));
        Assert.Equal("fw1", set.ReadCharacterString(UniversalTagNumber.IA5String, Ctx(18)));
        Assert.Equal(7, Int(set, 20));
        Assert.Equal(0, Int(set, 21));
        Assert.Equal("916407214365F7", Octets(set, 22));                        // 0x91 international E.164, TBCD +46701234567
        Assert.Equal("0800", Octets(set, 23));
        Assert.Equal(0, Int(set, 24));
        Assert.Equal("00F110", Octets(set, 27));
        Assert.Equal("5302990071168432", Octets(set, 29));                      // IMEISV 3520990017614823
        Assert.Equal(6, Int(set, 30));                                           // EUTRAN
        Assert.Equal("8000", Octets(set, 31));
        Assert.Equal(Convert.ToHexString(Uli), Octets(set, 32));
        var types = set.ReadSequence(Ctx(35));
        Assert.Equal(ServingNodeType.Mme, types.ReadEnumeratedValue<ServingNodeType>());
        Assert.Equal(Bytes("8004C000021E"), Explicit(set, 36));
        Assert.Equal("62F210", Octets(set, 37));
        Assert.Equal(Bytes("A00680040A2D0007"), Explicit(set, 43));
        Assert.Equal(Bytes("811020010DB800000000000000000000000A"), Explicit(set, 48));
        set.ReadEncodedValue();                                                  // [49] servingNodeiPv6Address
        Assert.Equal(Bytes("811020010DB800000000000000000000001E"), Explicit(set, 50));
        Assert.Equal(Convert.ToHexString(LastUli), Octets(set, 55));
        Assert.False(set.HasData);
    }

    internal static PgwRecord PgwRecord() => new()
    {
        ServedImsi = "001010123456789",
        PgwAddress = IPAddress.Parse("192.0.2.30"),
        ChargingId = 2147483649,
        ServingNodeAddresses = [IPAddress.Parse("192.0.2.10")],
        AccessPointNameNi = "internet",
        PdpPdnType = [0xF1, 0x8D],
        ServedPdpPdnAddress = IPAddress.Parse("2001:db8::1"),
        DynamicAddressFlag = true,
        RecordOpeningTime = Opened,
        Duration = 60,
        CauseForRecordClosing = CauseForRecClosing.NormalRelease,
        RecordSequenceNumber = 1,
        NodeId = "fw1",
        LocalSequenceNumber = 8,
        ApnSelectionMode = 0,
        ServedMsisdn = "46701234567",
        ChargingCharacteristics = [0x08, 0x00],
        ChChSelectionMode = 0,
        ServingNodePlmnIdentifier = ("001", "01"),
        ServedImeisv = "3520990017614823",
        RatType = 6,
        MsTimeZone = [0x80, 0x00],
        UserLocationInformation = Uli,
        ListOfServiceData =
            [
                new ServiceDataContainer
                {
                    RatingGroup = 10,
                    LocalSequenceNumber = 1,
                    TimeOfFirstUsage = Opened,
                    TimeOfLastUsage = QosChanged,
                    TimeUsage = 30,
                    Conditions = [ServiceConditionChange.QosChange],
                    Qos = Qos,
                    Uplink = 100,
                    Downlink = 200,
                    TimeOfReport = QosChanged,
                    UserLocationInformation = Uli,
                    RatType = 6,
                },
                new ServiceDataContainer
                {
                    RatingGroup = 10,
                    LocalSequenceNumber = 2,
                    Conditions = [ServiceConditionChange.RecordClosure],
                    Uplink = 300,
                    Downlink = 400,
                    TimeOfReport = Closed,
                },
            ],
        ServingNodeTypes = [ServingNodeType.GtpSgw],
        PgwPlmnIdentifier = ("262", "01"),
        ServedPdpPdnAddressExt = IPAddress.Parse("10.45.0.7"),
        ServingNodeIpv6Addresses = [IPAddress.Parse("2001:db8::a")],
        PgwIpv6Address = IPAddress.Parse("2001:db8::1e"),
        Qos = Qos,
        LastUserLocationInformation = LastUli,
    };

    [Fact]
    public void AFullPgwRecordIsTheHandWrittenBer()
    {
        var encoded = PgwRecordEncoder.Encode(PgwRecord());

        Assert.Equal(FullPgwRecord, Convert.ToHexString(encoded));
        var set = Open(encoded, 79);
        Assert.Equal(85, Int(set, 0));
        Assert.Equal("00010121436587F9", Octets(set, 3));
        Assert.Equal(Bytes("8004C000021E"), Explicit(set, 4));                  // p-GWAddress
        Assert.Equal(2147483649, Int(set, 5));
        Assert.Equal(Bytes("8004C000020A"), set.ReadSequence(Ctx(6)).ReadEncodedValue().ToArray());
        Assert.Equal("internet", set.ReadCharacterString(UniversalTagNumber.IA5String, Ctx(7)));
        Assert.Equal("F18D", Octets(set, 8));
        set.ReadEncodedValue();                                                  // [9]
        Assert.True(set.ReadBoolean(Ctx(11)));
        Assert.Equal("2405171015302B0000", Octets(set, 13));
        Assert.Equal(60, Int(set, 14));
        Assert.Equal(0, Int(set, 15));
        Assert.Equal(1, Int(set, 17));
        Assert.Equal("fw1", set.ReadCharacterString(UniversalTagNumber.IA5String, Ctx(18)));
        Assert.Equal(8, Int(set, 20));
        Assert.Equal(0, Int(set, 21));
        Assert.Equal("916407214365F7", Octets(set, 22));
        Assert.Equal("0800", Octets(set, 23));
        Assert.Equal(0, Int(set, 24));
        Assert.Equal("00F110", Octets(set, 27));
        Assert.Equal("5302990071168432", Octets(set, 29));                      // servedIMEI is [29] in the PGW-CDR too
        Assert.Equal(6, Int(set, 30));
        Assert.Equal("8000", Octets(set, 31));
        Assert.Equal(Convert.ToHexString(Uli), Octets(set, 32));
        var services = set.ReadSequence(Ctx(34));
        var first = services.ReadSequence();
        Assert.Equal(10, Int(first, 1));                                         // ratingGroup
        Assert.Equal(1, Int(first, 4));
        Assert.Equal("2405171015302B0000", Octets(first, 5));
        Assert.Equal("2405171016002B0000", Octets(first, 6));
        Assert.Equal(30, Int(first, 7));
        Assert.Equal("80", Convert.ToHexString(first.ReadBitString(out var unused, Ctx(8))));
        Assert.Equal(7, unused);                                                 // qoSChange = bit 0
        first.ReadSequence(Ctx(9));
        Assert.Equal(100, Int(first, 12));                                       // datavolumeFBCUplink
        Assert.Equal(200, Int(first, 13));                                       // datavolumeFBCDownlink
        Assert.Equal("2405171016002B0000", Octets(first, 14));
        Assert.Equal(Convert.ToHexString(Uli), Octets(first, 20));
        Assert.Equal(6, Int(first, 30));
        var second = services.ReadSequence();
        Assert.Equal(10, Int(second, 1));
        Assert.Equal(2, Int(second, 4));
        Assert.Equal("00000080", Convert.ToHexString(second.ReadBitString(out unused, Ctx(8))));
        Assert.Equal(7, unused);                                                 // recordClosure = bit 24
        Assert.Equal(300, Int(second, 12));
        Assert.Equal(400, Int(second, 13));
        var types = set.ReadSequence(Ctx(35));
        Assert.Equal(ServingNodeType.GtpSgw, types.ReadEnumeratedValue<ServingNodeType>());
        Assert.Equal("62F210", Octets(set, 37));
        Assert.Equal(Bytes("A00680040A2D0007"), Explicit(set, 45));              // servedPDPPDNAddressExt is [45] here, [43] in the SGW-CDR
        set.ReadEncodedValue();                                                  // [49]
        Assert.Equal(Bytes("811020010DB800000000000000000000001E"), Explicit(set, 50));
        Assert.Equal(9, Int(set.ReadSequence(Ctx(55)), 1));                      // ePCQoSInformation qCI
        Assert.Equal(Convert.ToHexString(LastUli), Octets(set, 57));
        Assert.False(set.HasData);
    }

    internal static GgsnPdpRecord GgsnPdpRecord() => new()
    {
        ServedImsi = "001010123456789",
        GgsnAddress = IPAddress.Parse("192.0.2.30"),
        ChargingId = 1,
        SgsnAddresses = [IPAddress.Parse("192.0.2.20")],
        RecordOpeningTime = Opened,
        Duration = 60,
        CauseForRecordClosing = CauseForRecClosing.NormalRelease,
        ChargingCharacteristics = [0x08, 0x00],
        DynamicAddressFlag = false,
        ApnSelectionMode = 1,
        ServedMsisdn = "46701234567",
        ChChSelectionMode = 3,
        SgsnPlmnIdentifier = ("310", "260"),
        ServedImeisv = "352099001761481",
        RatType = 1,
        MsTimeZone = [0x40, 0x01],
        UserLocationInformation = Convert.FromHexString("0113006200010002"),
    };

    [Fact]
    public void AGgsnPdpRecordCarriesTheSubscriberFieldsAtTheirRel7Tags()
    {
        var encoded = GgsnPdpRecordEncoder.Encode(GgsnPdpRecord());

        // After chargingCharacteristics [23]: written by hand, tags 21-32 of GGSNPDPRecordV750.
        var hex = Convert.ToHexString(encoded);
        Assert.Contains("8B0100", hex);                                          // dynamicAddressFlag FALSE
        Assert.EndsWith(
            "950101" +                                                           // apnSelectionMode 1 (MS provided, not verified)
            "9607916407214365F7" +                                               // servedMSISDN
            "97020800" +                                                         // chargingCharacteristics
            "980103" +                                                           // chChSelectionMode homeDefault
            "9B03130062" +                                                       // sgsnPLMNIdentifier 310/260
            "9D0853029900711684F1" +                                             // servedIMEISV: 15 digits, filler F
            "9E0101" +                                                           // rATType UTRAN
            "9F1F024001" +                                                       // mSTimeZone
            "9F20080113006200010002",                                            // userLocationInformation (CGI)
            hex);
    }

    [Fact]
    public void ServiceConditionBitsDropTrailingZeroBits()
    {
        Assert.Equal("0700000080", Bits([ServiceConditionChange.RecordClosure]));
        Assert.Equal("0780", Bits([ServiceConditionChange.QosChange]));
        Assert.Equal("06000000C0", Bits([ServiceConditionChange.TimeLimit, ServiceConditionChange.RecordClosure]));
        Assert.Equal("06080000C0", Bits([ServiceConditionChange.PdpContextRelease, ServiceConditionChange.RecordClosure, ServiceConditionChange.TimeLimit]));
    }

    private static string Bits(ServiceConditionChange[] conditions)
    {
        var octets = PgwRecordEncoder.ServiceConditionBits(conditions, out var unused);
        return unused.ToString("X2") + Convert.ToHexString(octets);
    }

    private static AsnReader Open(byte[] encoded, int choiceTag)
    {
        var reader = new AsnReader(encoded, AsnEncodingRules.BER);
        var set = reader.ReadSetOf(skipSortOrderValidation: true, expectedTag: Ctx(choiceTag, constructed: true));
        Assert.False(reader.HasData);
        return set;
    }

    private static Asn1Tag Ctx(int tag, bool constructed = false) => new(TagClass.ContextSpecific, tag, constructed);

    private static long Int(AsnReader reader, int tag)
    {
        Assert.True(reader.TryReadInt64(out var value, Ctx(tag)));
        return value;
    }

    private static string Octets(AsnReader reader, int tag) => Convert.ToHexString(reader.ReadOctetString(Ctx(tag)));

    private static byte[] Explicit(AsnReader reader, int tag) => reader.ReadSequence(Ctx(tag)).ReadEncodedValue().ToArray();

    private static byte[] Bytes(string hex) => Convert.FromHexString(hex);
}
