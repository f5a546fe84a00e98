using Charging.Cdr;

namespace Charging.Tests.Cdr;

public class CdrSummaryReaderTests
{
    [Fact]
    public void ReadsTheReferencePgwRecord()
    {
        // Reference docs/gtp-prime.md §7: pGWRecord [79], recordType 85, servedIMSI 123456789012345, p-GWAddress, chargingID 1.
        var record = Convert.FromHexString("bf4f1b800155830821436587092143f5a40680040a000001850400000001");
        var summary = CdrSummaryReader.Read(record);
        Assert.Equal(79, summary.ChoiceTag);
        Assert.Equal("pGWRecord", summary.RecordTypeName);
        Assert.Equal(85, summary.RecordType);
        Assert.Equal("123456789012345", summary.ServedImsi);
        Assert.Equal(1, summary.ChargingId);
        Assert.Null(summary.LocalSequenceNumber);
        Assert.Null(summary.UplinkVolume);
    }

    [Fact]
    public void ReadsEveryIndexedFieldOfAnSgwRecord()
    {
        var record = TestCdrs.Sgw("001010123456789", 2147483649, 4294967295, 5_000_000_000, 7);
        var summary = CdrSummaryReader.Read(record);
        Assert.Equal(84, summary.RecordType);
        Assert.Equal("001010123456789", summary.ServedImsi);
        Assert.Equal(2147483649, summary.ChargingId);
        Assert.Equal(4294967295, summary.LocalSequenceNumber);
        Assert.Equal(TestCdrs.Opened, summary.RecordOpeningTime);
        Assert.Equal(5_000_000_000, summary.UplinkVolume);
        Assert.Equal(7, summary.DownlinkVolume);
    }

    [Fact]
    public void ReadsARel7GgsnRecordWithIndefiniteLengths()
    {
        // ggsnPDPRecord [21] (B5, indefinite), recordType 19, servedIMSI, chargingID 0x1234, localSequenceNumber 9, then 00 00.
        var record = Convert.FromHexString("b580800113830800010121436587f985021234940109" + "0000");
        var summary = CdrSummaryReader.Read(record);
        Assert.Equal("ggsnPDPRecord", summary.RecordTypeName);
        Assert.Equal(19, summary.RecordType);
        Assert.Equal("001010123456789", summary.ServedImsi);
        Assert.Equal(0x1234, summary.ChargingId);
        Assert.Equal(9, summary.LocalSequenceNumber);
    }

    [Theory]
    [InlineData("b4038001120000")] // sgsnPDPRecord [20]: stored and exported, not indexed
    [InlineData("3003020101")] // a universal SEQUENCE, not a GPRSRecord CHOICE
    public void UnknownRecordTypesGiveNoFields(string hex)
    {
        var summary = CdrSummaryReader.Read(Convert.FromHexString(hex));
        Assert.False(summary.IsKnown);
        Assert.Null(summary.ServedImsi);
        Assert.Null(summary.ChargingId);
    }

    [Fact]
    public void EveryPrefixOfARecordIsReadWithoutThrowing()
    {
        var record = TestCdrs.Sgw("262011234567890", 77, 5);
        for (var length = 0; length < record.Length; length++)
            CdrSummaryReader.Read(record.AsSpan(0, length));
        var damaged = (byte[])record.Clone();
        for (var i = 0; i < damaged.Length; i++)
        {
            damaged[i] ^= 0xFF;
            CdrSummaryReader.Read(damaged);
            damaged[i] ^= 0xFF;
        }
    }

    [Theory]
    [InlineData("240517101530" + "2b0200", true)]
    [InlineData("241317101530" + "2b0200", false)] // month 13
    [InlineData("240517101530" + "3f0200", false)] // no sign
    [InlineData("2405171015" + "2b0200", false)] // 8 octets
    public void DecodesTimeStamps(string hex, bool valid)
    {
        Assert.Equal(valid, CdrTimeStamp.TryDecode(Convert.FromHexString(hex), out var time));
        if (valid)
            Assert.Equal(new DateTimeOffset(2024, 5, 17, 10, 15, 30, TimeSpan.FromHours(2)), time);
    }

    [Fact]
    public void ReadsMsisdnAndRatTypeOfTheHandWrittenSgwRecord()
    {
        var summary = CdrSummaryReader.Read(Convert.FromHexString(FullRecordEncodingTests.FullSgwRecord));
        Assert.Equal(84, summary.RecordType);
        Assert.Equal("46701234567", summary.ServedMsisdn);                      // 96 07 91 64 07 21 43 65 F7
        Assert.Equal(6, summary.RatType);                                        // 9E 01 06
        Assert.Equal(400, summary.UplinkVolume);                                 // 100 + 300 over two containers
        Assert.Equal(600, summary.DownlinkVolume);
    }

    [Fact]
    public void ReadsThePgwRecordsVolumesFromItsServiceDataContainers()
    {
        var summary = CdrSummaryReader.Read(Convert.FromHexString(FullRecordEncodingTests.FullPgwRecord));
        Assert.Equal(85, summary.RecordType);
        Assert.Equal("46701234567", summary.ServedMsisdn);
        Assert.Equal(6, summary.RatType);
        Assert.Equal(400, summary.UplinkVolume);                                 // datavolumeFBCUplink 100 + 300
        Assert.Equal(600, summary.DownlinkVolume);
    }

    [Fact]
    public void AnSgwRecordsTag34IsNotReadAsServiceData()
    {
        // sGWRecord [78] with sGWChange [34] = TRUE (9F 22 01 FF): in the SGW-CDR [34] is a BOOLEAN, not listOfServiceData.
        var summary = CdrSummaryReader.Read(Convert.FromHexString("BF4E07800154" + "9F2201FF"));
        Assert.Equal(84, summary.RecordType);
        Assert.Null(summary.UplinkVolume);
        Assert.Null(summary.ServedMsisdn);
    }

    [Fact]
    public void TheIndexersReadLeavesTheSubscriberFieldsOut()
    {
        var summary = CdrSummaryReader.Read(Convert.FromHexString(FullRecordEncodingTests.FullSgwRecord), subscriber: false);
        Assert.Equal("001010123456789", summary.ServedImsi);
        Assert.Equal(2147483649, summary.ChargingId);
        Assert.Null(summary.ServedMsisdn);
        Assert.Null(summary.RatType);
    }
}
