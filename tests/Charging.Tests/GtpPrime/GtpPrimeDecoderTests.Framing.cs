using Charging.GtpPrime.Codec;
using Charging.Tests.Testing;
using System.Buffers;

namespace Charging.Tests.GtpPrime;

/// <summary>TryGetMessageLength: TCP framing over spans and segmented sequences.</summary>
public partial class GtpPrimeDecoderTests
{
    public static TheoryData<string> AllVectors => new()
    {
        GtpPrimeVectors.EchoRequestV2,
        GtpPrimeVectors.EchoResponse,
        GtpPrimeVectors.NodeAliveRequest,
        GtpPrimeVectors.RedirectionRequest,
        GtpPrimeVectors.DataRecordTransferResponse,
        GtpPrimeVectors.Cancel,
        GtpPrimeVectors.Release,
        GtpPrimeVectors.EmptyTestPacket,
        GtpPrimeVectors.SendPgwRecord,
        GtpPrimeVectors.SendV0LongHeader,
    };

    [Theory]
    [MemberData(nameof(AllVectors))]
    public void TryGetMessageLengthNeedsMoreDataForEveryPrefixShorterThanSixOctets(string hex)
    {
        var bytes = Hex.Bytes(hex);
        for (int length = 0; length < 6; length++)
        {
            var status = GtpPrimeDecoder.TryGetMessageLength(bytes.AsSpan(0, length), out int messageLength, out var error);
            Assert.Equal(GtpDecodeStatus.NeedMoreData, status);
            Assert.Equal(GtpDecodeStatus.NeedMoreData, error.Status);
            Assert.Equal(0, messageLength);
        }
    }

    [Theory]
    [MemberData(nameof(AllVectors))]
    public void TryGetMessageLengthReturnsTheWholeLengthFromSixOctetsOn(string hex)
    {
        var bytes = Hex.Bytes(hex);
        for (int length = 6; length <= bytes.Length; length++)
        {
            var status = GtpPrimeDecoder.TryGetMessageLength(bytes.AsSpan(0, length), out int messageLength, out _);
            Assert.Equal(GtpDecodeStatus.Success, status);
            Assert.Equal(bytes.Length, messageLength);
        }
    }

    [Theory]
    [MemberData(nameof(AllVectors))]
    public void TryGetMessageLengthWorksWithOneBytePerSegment(string hex)
    {
        var bytes = Hex.Bytes(hex);
        for (int length = 0; length <= bytes.Length; length++)
        {
            var sequence = ReadOnlySequenceFactory.SegmentPerByte(bytes.AsSpan(0, length));
            var status = GtpPrimeDecoder.TryGetMessageLength(sequence, out int messageLength, out _);
            if (length < 6)
            {
                Assert.Equal(GtpDecodeStatus.NeedMoreData, status);
            }
            else
            {
                Assert.Equal(GtpDecodeStatus.Success, status);
                Assert.Equal(bytes.Length, messageLength);
            }
        }
    }

    [Fact]
    public void TryGetMessageLengthWorksOnASingleSegmentSequence()
    {
        var sequence = new ReadOnlySequence<byte>(Hex.Bytes(GtpPrimeVectors.Cancel));
        Assert.Equal(GtpDecodeStatus.Success, GtpPrimeDecoder.TryGetMessageLength(sequence, out int messageLength, out _));
        Assert.Equal(15, messageLength);
    }

    [Fact]
    public void TryGetMessageLengthCountsTheFillerOfTheV0LongHeader()
    {
        // Length 0 with a 20-octet header: 20 octets in all, known from the first 6.
        Assert.Equal(GtpDecodeStatus.Success, GtpPrimeDecoder.TryGetMessageLength(Hex.Bytes("0e0100000001"), out int messageLength, out _));
        Assert.Equal(20, messageLength);
    }

    [Fact]
    public void TryGetMessageLengthRejectsProtocolTypeOne()
    {
        var sequence = ReadOnlySequenceFactory.SegmentPerByte(Hex.Bytes("5e0100000001"));
        Assert.Equal(GtpDecodeStatus.NotGtpPrime, GtpPrimeDecoder.TryGetMessageLength(sequence, out _, out var error));
        Assert.Equal(GtpDecodeStatus.NotGtpPrime, error.Status);
    }

    [Fact]
    public void TryGetMessageLengthReportsVersionNotSupportedWithHeaderAndLengthHint()
    {
        var status = GtpPrimeDecoder.TryGetMessageLength(Hex.Bytes("6e0100020042"), out int messageLength, out var error);
        Assert.Equal(GtpDecodeStatus.VersionNotSupported, status);
        Assert.Equal(8, messageLength);
        Assert.Equal((ushort)0x42, error.Header?.SequenceNumber);
    }

    [Fact]
    public void TryGetMessageLengthFramesUnknownMessageTypesForTryDecodeToReport()
    {
        var bytes = Hex.Bytes("4e0800000005");
        Assert.Equal(GtpDecodeStatus.Success, GtpPrimeDecoder.TryGetMessageLength(bytes, out int messageLength, out _));
        Assert.Equal(6, messageLength);
        Assert.False(GtpPrimeDecoder.TryDecode(bytes, out _, out var error));
        Assert.Equal(GtpDecodeStatus.UnknownMessageType, error.Status);
    }

    [Fact]
    public void TryGetMessageLengthIgnoresOctetsOfTheNextMessage()
    {
        var stream = Hex.Bytes(GtpPrimeVectors.EchoRequestV2 + GtpPrimeVectors.EchoResponse);
        Assert.Equal(GtpDecodeStatus.Success, GtpPrimeDecoder.TryGetMessageLength(stream, out int first, out _));
        Assert.Equal(6, first);
        Assert.Equal(GtpDecodeStatus.Success, GtpPrimeDecoder.TryGetMessageLength(stream.AsSpan(first), out int second, out _));
        Assert.Equal(8, second);
    }
}
