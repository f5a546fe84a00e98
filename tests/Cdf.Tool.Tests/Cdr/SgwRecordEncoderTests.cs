using Cdf.Tool.Generation;
using Charging.Cdr;
using System.Formats.Asn1;
using System.Net;

namespace Cdf.Tool.Tests.Cdr;

/// <summary>The tricky encodings of docs/cdr-formats.md §2.6, byte for byte.</summary>
public sealed class SgwRecordEncoderTests
{
    [Fact]
    public void TbcdPlmnAndTimeStampMatchTheReferenceExamples()
    {
        var imsi = new byte[8];
        Assert.True(Tbcd.TryEncode("001010123456789", imsi, out _));
        Assert.Equal(Convert.FromHexString("00010121436587F9"), imsi);
        Assert.Equal(Convert.FromHexString("00F110"), SgwRecordEncoder.PlmnId("001", "01"));
        Assert.Equal(Convert.FromHexString("130062"), SgwRecordEncoder.PlmnId("310", "260"));
        Assert.Equal(Convert.FromHexString("2405171015302B0200"),
            Stamp(new DateTimeOffset(2024, 5, 17, 10, 15, 30, TimeSpan.FromHours(2))));
    }

    [Fact]
    public void MembersAreInAscendingTagOrderWithTheReferenceWrappers()
    {
        var record = SgwRecordEncoder.Encode(SgwRecordGenerator.Create(7) with { SgwAddress = IPAddress.Parse("192.0.2.10") });
        Assert.Equal(new byte[] { 0xBF, 0x4E }, record[..2]);
        var hex = Convert.ToHexString(record);
        Assert.Contains("A4068004C000020A", hex); // s-GWAddress [4]: explicit wrapper, iPBinV4Address [0]
        Assert.Contains("BF23030A0105", hex);     // servingNodeType [35]: SEQUENCE OF ENUMERATED mME
        Assert.Contains("9E0106", hex);           // rATType [30] EUTRAN: tags below 31 use the short form

        var set = new AsnReader(record, AsnEncodingRules.BER).ReadSetOf(skipSortOrderValidation: true, expectedTag: new Asn1Tag(TagClass.ContextSpecific, 78));
        var tags = new List<int>();
        while (set.HasData)
        {
            tags.Add(set.PeekTag().TagValue);
            set.ReadEncodedValue();
        }
        Assert.Equal(tags.Order(), tags);
        Assert.Superset(new HashSet<int> { 0, 4, 5, 6, 13, 14, 15, 23, 35 }, tags.ToHashSet()); // the mandatory members
    }

    [Fact]
    public void LargeUnsignedIntegersGetALeadingZero()
    {
        var record = SgwRecordEncoder.Encode(SgwRecordGenerator.Create(2147483649));
        Assert.Contains("94050080000001", Convert.ToHexString(record)); // localSequenceNumber [20] 2^31 + 1
    }

    private static byte[] Stamp(DateTimeOffset time)
    {
        var octets = new byte[CdrTimeStamp.Length];
        CdrTimeStamp.Encode(time, octets);
        return octets;
    }
}
