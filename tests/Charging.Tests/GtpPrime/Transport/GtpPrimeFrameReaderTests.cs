using Charging.GtpPrime.Codec;
using Charging.GtpPrime.Transport;
using Charging.Tests.Testing;
using System.Buffers;

namespace Charging.Tests.GtpPrime.Transport;

public sealed class GtpPrimeFrameReaderTests
{
    // v2 Echo Request, sequence 1: header only (Length 0).
    private const string EchoRequest = "4e01 0000 0001";
    // v2 Echo Response, sequence 1: header (Length 2), then Recovery (14) = 5.
    private const string EchoResponse = "4e02 0002 0001 0e05";
    // v0 with the 20-octet header (first octet 0x0e, bit 1 = 0), Echo Request, Length 0, sequence 7.
    private const string EchoRequestV0Long = "0e01 0000 0007 0000000000000000000000000000";

    private static (GtpPrimeFrameStatus Status, byte[] Frame, long Consumed, GtpDecodeError Error) Read(ReadOnlySequence<byte> input,
        int maxFrameLength = GtpPrimeFrameReader.MaxFrameLength)
    {
        var reader = new SequenceReader<byte>(input);
        var status = GtpPrimeFrameReader.TryReadFrame(ref reader, out var frame, out var error, maxFrameLength);
        return (status, frame.ToArray(), reader.Consumed, error);
    }

    private static (GtpPrimeFrameStatus Status, byte[] Frame, long Consumed, GtpDecodeError Error) Read(string hex) =>
        Read(new ReadOnlySequence<byte>(Hex.Bytes(hex)));

    [Theory]
    [InlineData(EchoRequest)]
    [InlineData(EchoResponse)]
    [InlineData(EchoRequestV0Long)]
    public void AWholeMessageIsOneFrameAndIsConsumed(string hex)
    {
        var bytes = Hex.Bytes(hex);
        var (status, frame, consumed, _) = Read(hex);
        Assert.Equal(GtpPrimeFrameStatus.Frame, status);
        Assert.Equal(bytes, frame);
        Assert.Equal(bytes.Length, consumed);
    }

    [Theory]
    [InlineData(EchoRequest)]
    [InlineData(EchoResponse)]
    [InlineData(EchoRequestV0Long)]
    public void EveryPrefixOfAMessageNeedsMoreDataAndConsumesNothing(string hex)
    {
        var bytes = Hex.Bytes(hex);
        for (var length = 0; length < bytes.Length; length++)
        {
            var (status, frame, consumed, _) = Read(new ReadOnlySequence<byte>(bytes, 0, length));
            Assert.Equal(GtpPrimeFrameStatus.NeedMoreData, status);
            Assert.Empty(frame);
            Assert.Equal(0, consumed);
        }
    }

    [Theory]
    [InlineData(EchoRequest)]
    [InlineData(EchoResponse)]
    [InlineData(EchoRequestV0Long)]
    public void OneBytePerSegmentFramesTheSameAsOneSegment(string hex)
    {
        var bytes = Hex.Bytes(hex);
        for (var length = 0; length <= bytes.Length; length++)
        {
            var (status, frame, consumed, _) = Read(ReadOnlySequenceFactory.SegmentPerByte(bytes.AsSpan(0, length)));
            if (length < bytes.Length)
            {
                Assert.Equal(GtpPrimeFrameStatus.NeedMoreData, status);
                Assert.Equal(0, consumed);
            }
            else
            {
                Assert.Equal(GtpPrimeFrameStatus.Frame, status);
                Assert.Equal(bytes, frame);
                Assert.Equal(bytes.Length, consumed);
            }
        }
    }

    [Fact]
    public void TwoMessagesInOneBufferAreTwoFramesThenNeedMoreData()
    {
        var input = new ReadOnlySequence<byte>(Hex.Bytes(EchoResponse + EchoRequest + "4e02"));
        var reader = new SequenceReader<byte>(input);

        Assert.Equal(GtpPrimeFrameStatus.Frame, GtpPrimeFrameReader.TryReadFrame(ref reader, out var first, out _));
        Assert.Equal(Hex.Bytes(EchoResponse), first.ToArray());
        Assert.Equal(GtpPrimeFrameStatus.Frame, GtpPrimeFrameReader.TryReadFrame(ref reader, out var second, out _));
        Assert.Equal(Hex.Bytes(EchoRequest), second.ToArray());
        Assert.Equal(GtpPrimeFrameStatus.NeedMoreData, GtpPrimeFrameReader.TryReadFrame(ref reader, out _, out _));
        Assert.Equal(14, reader.Consumed);
        Assert.Equal(2, reader.Remaining);
    }

    [Fact]
    public void TwoMessagesOneBytePerSegmentAreTwoFrames()
    {
        var reader = new SequenceReader<byte>(ReadOnlySequenceFactory.SegmentPerByte(Hex.Bytes(EchoRequest + EchoResponse)));

        Assert.Equal(GtpPrimeFrameStatus.Frame, GtpPrimeFrameReader.TryReadFrame(ref reader, out var first, out _));
        Assert.Equal(Hex.Bytes(EchoRequest), first.ToArray());
        Assert.Equal(GtpPrimeFrameStatus.Frame, GtpPrimeFrameReader.TryReadFrame(ref reader, out var second, out _));
        Assert.Equal(Hex.Bytes(EchoResponse), second.ToArray());
        Assert.True(reader.End);
    }

    [Fact]
    public void TheLengthComesFromTheHeaderNotFromWhatFollows()
    {
        // Length 2 announces Recovery only; the 3 octets after it are the next message's start.
        var (status, frame, consumed, _) = Read("4e02 0002 0001 0e05 4e0100");
        Assert.Equal(GtpPrimeFrameStatus.Frame, status);
        Assert.Equal(Hex.Bytes("4e02 0002 0001 0e05"), frame);
        Assert.Equal(8, consumed);
    }

    [Fact]
    public void PlainGtpIsMalformedAndConsumesNothing()
    {
        // PT bit (0x10) set: GTPv1, not GTP'.
        var (status, frame, consumed, error) = Read("3e01 0000 0001");
        Assert.Equal(GtpPrimeFrameStatus.Malformed, status);
        Assert.Equal(GtpDecodeStatus.NotGtpPrime, error.Status);
        Assert.Empty(frame);
        Assert.Equal(0, consumed);
    }

    [Fact]
    public void Version3IsMalformedAndKeepsTheHeaderForTheAnswer()
    {
        // Version 3 (0x6e), Echo Request, Length 0, sequence 0x1234.
        var (status, _, consumed, error) = Read("6e01 0000 1234");
        Assert.Equal(GtpPrimeFrameStatus.Malformed, status);
        Assert.Equal(GtpDecodeStatus.VersionNotSupported, error.Status);
        Assert.Equal((ushort)0x1234, error.Header?.SequenceNumber);
        Assert.Equal(0, consumed);
    }

    [Fact]
    public void ABadHeaderSplitOneBytePerSegmentIsMalformedOnceSixOctetsArrived()
    {
        var bytes = Hex.Bytes("3e01 0000 0001");
        Assert.Equal(GtpPrimeFrameStatus.NeedMoreData, Read(ReadOnlySequenceFactory.SegmentPerByte(bytes.AsSpan(0, 5))).Status);
        Assert.Equal(GtpPrimeFrameStatus.Malformed, Read(ReadOnlySequenceFactory.SegmentPerByte(bytes)).Status);
    }

    [Fact]
    public void AMessageLongerThanTheLimitIsMalformedBeforeItArrives()
    {
        // Length 0x0400 = 1024: 1030 octets announced, only the header present.
        var (status, _, consumed, error) = Read(new ReadOnlySequence<byte>(Hex.Bytes("4e02 0400 0001")), maxFrameLength: 1029);
        Assert.Equal(GtpPrimeFrameStatus.Malformed, status);
        Assert.Equal(GtpDecodeStatus.InvalidLength, error.Status);
        Assert.Equal(0, consumed);
    }

    [Fact]
    public void AMessageOfExactlyTheLimitIsAFrame()
    {
        var bytes = new byte[1030];
        Hex.Bytes("4e02 0400 0001").CopyTo(bytes, 0);
        var (status, frame, _, _) = Read(new ReadOnlySequence<byte>(bytes), maxFrameLength: 1030);
        Assert.Equal(GtpPrimeFrameStatus.Frame, status);
        Assert.Equal(1030, frame.Length);
    }

    [Fact]
    public void TheLargestMessageAHeaderCanAnnounceFitsTheDefaultLimit()
    {
        Assert.Equal(65555, GtpPrimeFrameReader.MaxFrameLength);
        // v0 long header, Length 0xffff: 20 + 65535 octets.
        var bytes = new byte[65555];
        Hex.Bytes("0e02 ffff 0001").CopyTo(bytes, 0);
        var (status, frame, consumed, _) = Read(new ReadOnlySequence<byte>(bytes));
        Assert.Equal(GtpPrimeFrameStatus.Frame, status);
        Assert.Equal(65555, frame.Length);
        Assert.Equal(65555, consumed);
    }
}
