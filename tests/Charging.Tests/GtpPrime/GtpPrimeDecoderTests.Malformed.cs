using Charging.GtpPrime;
using Charging.GtpPrime.Codec;
using Charging.Tests.Testing;

namespace Charging.Tests.GtpPrime;

/// <summary>Malformed messages: one status each, with the cause a CGF answers (docs/gtp-prime.md §4).</summary>
public partial class GtpPrimeDecoderTests
{
    private static GtpDecodeError DecodeFails(string hex, GtpDecodeStatus expected)
    {
        bool ok = GtpPrimeDecoder.TryDecode(Hex.Bytes(hex), out var frame, out var error);
        Assert.False(ok);
        Assert.Equal(expected, error.Status);
        Assert.Equal(default, frame);
        return error;
    }

    [Theory]
    [InlineData("")]
    [InlineData("4e0100")]
    [InlineData("0e0100000001 00000000000000000000")] // v0 20-octet header cut at 16 octets
    public void DatagramShorterThanTheHeaderIsInvalidLength(string hex)
    {
        var error = DecodeFails(hex, GtpDecodeStatus.InvalidLength);
        Assert.Equal(GtpPrimeCause.InvalidMessageFormat, error.Status.ToCause());
    }

    [Fact]
    public void DatagramShorterThanHeaderPlusLengthIsInvalidLengthWithTheHeader()
    {
        var error = DecodeFails("4e0100050001", GtpDecodeStatus.InvalidLength);
        Assert.Equal(6, error.Offset);
        Assert.Equal((ushort)1, error.Header?.SequenceNumber);
        Assert.Equal(GtpPrimeCause.InvalidMessageFormat, error.Status.ToCause());
    }

    [Theory]
    [InlineData("4ef100090005 0180 fd000600050006", 8)] // TLV length 6, 4 octets left
    [InlineData("4e0100020001 ff00", 6)] // TLV header cut
    [InlineData("4e0200010001 0e", 6)] // TV value cut
    [InlineData("4ef100080005 0180 fd0003000500", 8)] // Requests Responded with odd length
    [InlineData("4ef000060007 7e04 f9000107", 8)] // Released sequence numbers with odd length
    [InlineData("4ef000060007 7e03 fa000107", 8)] // Cancelled sequence numbers with odd length
    public void InformationElementLengthFaultsAreInvalidLengthAtTheIe(string hex, int offset)
    {
        var error = DecodeFails(hex, GtpDecodeStatus.InvalidLength);
        Assert.Equal(offset, error.Offset);
        Assert.NotNull(error.Header);
        Assert.Equal(GtpPrimeCause.InvalidMessageFormat, error.Status.ToCause());
    }

    [Fact]
    public void UnknownTvInformationElementStopsTheDecode()
    {
        var error = DecodeFails("4e0200020001 0205", GtpDecodeStatus.UnknownInformationElement);
        Assert.Equal(6, error.Offset);
        Assert.Equal(GtpPrimeCause.InvalidMessageFormat, error.Status.ToCause());
    }

    [Theory]
    [InlineData("4e0800000001", 8)]
    [InlineData("4e1000000001", 16)] // a GTP type: not GTP'
    [InlineData("4ef200000001", 242)]
    [InlineData("4e0000000001", 0)]
    public void UnknownMessageTypeKeepsTheHeader(string hex, byte type)
    {
        var error = DecodeFails(hex, GtpDecodeStatus.UnknownMessageType);
        Assert.Equal((GtpPrimeMessageType)type, error.Header?.MessageType);
        Assert.Equal((ushort)1, error.Header?.SequenceNumber);
        Assert.Null(error.Status.ToCause());
    }

    [Theory]
    [InlineData("4ef0002a000b 7e01 fc0025 02 01 10 0b 11 001e " + GtpPrimeVectors.PgwRecord)] // count 2, one record
    [InlineData("4ef000110001 7e01 fc000c 01 01 1f 05 0002 0500 0002 0501")] // count 1, two records
    [InlineData("4ef0000d0001 7e01 fc0008 01 01 1f 05 0005 0500")] // record length overruns the IE
    [InlineData("4ef0000c0001 7e01 fc0007 01 01 1f 05 0002 05")] // record length overruns the IE by one
    [InlineData("4ef000070001 7e01 fc0002 0101")] // packet header cut
    [InlineData("4ef000090001 7e01 fc0004 00 01 10 0b")] // release 0 without the extension octet
    [InlineData("4ef0000b0001 7e01 fc0006 00 01 1f 05 0000")] // zero records followed by octets
    [InlineData("4ef0000a0001 7e01 fc0005 01 01 1f 05 00")] // record length cut
    public void RecordCountOrLengthInconsistenciesAreInvalidMessageFormat(string hex)
    {
        var error = DecodeFails(hex, GtpDecodeStatus.InvalidMessageFormat);
        Assert.Equal(GtpPrimeCause.InvalidMessageFormat, error.Status.ToCause());
    }

    [Theory]
    [InlineData("4ef000000007")] // no IEs
    [InlineData("4ef000030007 fc0000")] // Data Record Packet without PTC
    public void MissingPacketTransferCommandIsMandatoryIeMissing(string hex)
    {
        var error = DecodeFails(hex, GtpDecodeStatus.MandatoryIeMissing);
        Assert.Equal(GtpPrimeCause.MandatoryIeMissing, error.Status.ToCause());
        Assert.Equal((ushort)7, error.Header?.SequenceNumber);
    }

    [Theory]
    [InlineData("4ef000050007 7e05 fc0000")]
    [InlineData("4ef000050007 7e00 fc0000")]
    [InlineData("4ef000050007 7eff fc0000")]
    public void UnknownPacketTransferCommandIsMandatoryIeIncorrect(string hex)
    {
        var error = DecodeFails(hex, GtpDecodeStatus.MandatoryIeIncorrect);
        Assert.Equal(6, error.Offset);
        Assert.Equal(GtpPrimeCause.MandatoryIeIncorrect, error.Status.ToCause());
    }

    [Theory]
    [InlineData("4ef000020007 7e01")] // Send without Data Record Packet
    [InlineData("4ef000020007 7e02")] // Send possibly duplicated without Data Record Packet
    [InlineData("4ef000090009 7e03 f9000400070008")] // Cancel with released, not cancelled, numbers
    [InlineData("4ef000090009 7e04 fa000400070008")] // Release with cancelled, not released, numbers
    public void CommandWithoutItsConditionalIeIsMandatoryIeMissing(string hex)
    {
        var error = DecodeFails(hex, GtpDecodeStatus.MandatoryIeMissing);
        Assert.Equal(GtpPrimeCause.MandatoryIeMissing, error.Status.ToCause());
    }

    [Theory]
    [InlineData("4e0200000001")] // Echo Response without Recovery
    [InlineData("4e0400000003")] // Node Alive Request without Node Address
    [InlineData("4e0600070004 fe00040a000008")] // Redirection Request without Cause
    [InlineData("4e0700000004")] // Redirection Response without Cause
    [InlineData("4ef100070005 fd000400050006")] // Data Record Transfer Response without Cause
    [InlineData("4ef100020005 0180")] // Data Record Transfer Response without Requests Responded
    public void MissingMandatoryIeIsMandatoryIeMissing(string hex)
    {
        var error = DecodeFails(hex, GtpDecodeStatus.MandatoryIeMissing);
        Assert.Equal(GtpPrimeCause.MandatoryIeMissing, error.Status.ToCause());
    }

    [Fact]
    public void NodeAddressOfWrongLengthIsMandatoryIeIncorrect()
    {
        var error = DecodeFails("4e0400080003 fb00050a00000900", GtpDecodeStatus.MandatoryIeIncorrect);
        Assert.Equal(6, error.Offset);
        Assert.Equal(GtpPrimeCause.MandatoryIeIncorrect, error.Status.ToCause());
    }

    [Theory]
    [InlineData("4e04000d0003 fb00040a000009 fb00030a0000", 13)] // Alternative Node Address, 3 octets
    [InlineData("4e0600070004 013f fe00020a00", 8)] // Address of Recommended Node, 2 octets
    [InlineData("4e06000c0004 013f fe00040a000008 fe0000", 15)] // its Alternative, 0 octets
    [InlineData("4e0100040001 ff00010b", 6)] // Private Extension shorter than its identifier
    [InlineData("4e0100030001 ff0000", 6)]
    public void OptionalIeOfWrongLengthIsOptionalIeIncorrect(string hex, int offset)
    {
        var error = DecodeFails(hex, GtpDecodeStatus.OptionalIeIncorrect);
        Assert.Equal(offset, error.Offset);
        Assert.Equal(GtpPrimeCause.OptionalIeIncorrect, error.Status.ToCause());
    }

    [Fact]
    public void MissingMandatoryIeIsReportedBeforeABadPrivateExtension()
    {
        DecodeFails("4e0200030001 ff0000", GtpDecodeStatus.MandatoryIeMissing);
    }
}
