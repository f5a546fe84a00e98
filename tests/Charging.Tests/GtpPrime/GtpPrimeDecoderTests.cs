using Charging.GtpPrime;
using Charging.GtpPrime.Codec;
using Charging.GtpPrime.InformationElements;
using Charging.GtpPrime.Messages;
using Charging.Tests.Testing;
using System.Net;
using System.Runtime.InteropServices;

namespace Charging.Tests.GtpPrime;

/// <summary>Decoding the docs/gtp-prime.md §7 vectors and the header forms of docs/gtp-prime.md §1.</summary>
public partial class GtpPrimeDecoderTests
{
    private static GtpPrimeFrame Decode(string hex)
    {
        bool ok = GtpPrimeDecoder.TryDecode(Hex.Bytes(hex), out var frame, out var error);
        Assert.True(ok, error.ToString());
        Assert.Equal(GtpDecodeStatus.Success, error.Status);
        return frame;
    }

    private static void AssertV2Header(GtpPrimeHeader header, GtpPrimeMessageType type, ushort length, ushort sequenceNumber)
    {
        Assert.Equal(2, header.Version);
        Assert.Equal(type, header.MessageType);
        Assert.Equal(length, header.Length);
        Assert.Equal(sequenceNumber, header.SequenceNumber);
        Assert.False(header.LongHeader);
        Assert.Equal(0b111, header.SpareBits);
        Assert.Equal(GtpPrimeHeaderForm.V2, header.Form);
    }

    [Fact]
    public void EchoRequestVectorDecodes()
    {
        var frame = Decode(GtpPrimeVectors.EchoRequestV2);
        AssertV2Header(frame.Header, GtpPrimeMessageType.EchoRequest, 0, 1);
        var message = Assert.IsType<EchoRequest>(frame.Message);
        Assert.Null(message.PrivateExtension);
    }

    [Fact]
    public void EchoResponseVectorDecodesRecovery()
    {
        var frame = Decode(GtpPrimeVectors.EchoResponse);
        AssertV2Header(frame.Header, GtpPrimeMessageType.EchoResponse, 2, 1);
        Assert.Equal(5, Assert.IsType<EchoResponse>(frame.Message).Recovery);
    }

    [Fact]
    public void NodeAliveRequestVectorDecodesNodeAddressFromIe251()
    {
        var frame = Decode(GtpPrimeVectors.NodeAliveRequest);
        AssertV2Header(frame.Header, GtpPrimeMessageType.NodeAliveRequest, 7, 3);
        var message = Assert.IsType<NodeAliveRequest>(frame.Message);
        Assert.Equal(IPAddress.Parse("10.0.0.9"), message.NodeAddress);
        Assert.Null(message.AlternativeNodeAddress);
    }

    [Fact]
    public void NodeAliveRequestAcceptsIe254AndAnIpv6Alternative()
    {
        // Reference §2: accept 251 or 254; the second occurrence is the Alternative Node Address.
        var frame = Decode("4e04001a0003 fe00040a000009 fb0010 20010db8000000000000000000000001");
        var message = Assert.IsType<NodeAliveRequest>(frame.Message);
        Assert.Equal(IPAddress.Parse("10.0.0.9"), message.NodeAddress);
        Assert.Equal(IPAddress.Parse("2001:db8::1"), message.AlternativeNodeAddress);
    }

    [Fact]
    public void RedirectionRequestVectorDecodesCauseAndRecommendedNode()
    {
        var frame = Decode(GtpPrimeVectors.RedirectionRequest);
        AssertV2Header(frame.Header, GtpPrimeMessageType.RedirectionRequest, 9, 4);
        var message = Assert.IsType<RedirectionRequest>(frame.Message);
        Assert.Equal(GtpPrimeCause.ThisNodeAboutToGoDown, message.Cause);
        Assert.Equal(IPAddress.Parse("10.0.0.8"), message.RecommendedNode);
        Assert.Null(message.AlternativeRecommendedNode);
    }

    [Fact]
    public void DataRecordTransferResponseVectorDecodesRequestsResponded()
    {
        var frame = Decode(GtpPrimeVectors.DataRecordTransferResponse);
        AssertV2Header(frame.Header, GtpPrimeMessageType.DataRecordTransferResponse, 9, 5);
        var message = Assert.IsType<DataRecordTransferResponse>(frame.Message);
        Assert.Equal(GtpPrimeCause.RequestAccepted, message.Cause);
        Assert.Equal(new ushort[] { 5, 6 }, message.RequestsResponded);
    }

    [Fact]
    public void CancelVectorDecodesCancelledSequenceNumbers()
    {
        var frame = Decode(GtpPrimeVectors.Cancel);
        AssertV2Header(frame.Header, GtpPrimeMessageType.DataRecordTransferRequest, 9, 9);
        var message = Assert.IsType<DataRecordTransferRequest>(frame.Message);
        Assert.Equal(PacketTransferCommand.CancelDataRecordPacket, message.Command);
        Assert.Equal(new ushort[] { 7, 8 }, message.CancelledPackets);
        Assert.Null(message.ReleasedPackets);
        Assert.Null(message.Packet);
    }

    [Fact]
    public void ReleaseVectorDecodesReleasedSequenceNumbers()
    {
        var frame = Decode(GtpPrimeVectors.Release);
        AssertV2Header(frame.Header, GtpPrimeMessageType.DataRecordTransferRequest, 7, 10);
        var message = Assert.IsType<DataRecordTransferRequest>(frame.Message);
        Assert.Equal(PacketTransferCommand.ReleaseDataRecordPacket, message.Command);
        Assert.Equal(new ushort[] { 7 }, message.ReleasedPackets);
        Assert.Null(message.CancelledPackets);
    }

    [Fact]
    public void EmptyTestPacketVectorDecodesAsZeroLengthEmptyPacket()
    {
        var frame = Decode(GtpPrimeVectors.EmptyTestPacket);
        AssertV2Header(frame.Header, GtpPrimeMessageType.DataRecordTransferRequest, 5, 7);
        var message = Assert.IsType<DataRecordTransferRequest>(frame.Message);
        Assert.Equal(PacketTransferCommand.SendPossiblyDuplicatedDataRecordPacket, message.Command);
        Assert.NotNull(message.Packet);
        Assert.True(message.Packet.IsEmpty);
        Assert.Equal(EmptyPacketForm.ZeroLength, message.Packet.EmptyForm);
    }

    [Fact]
    public void ZeroRecordsEmptyPacketDecodesAsEmptyWithItsHeader()
    {
        // Second empty form (docs/gtp-prime.md §3.1): Number of Data Records = 0, format 1, app 1 / release 15, version 5.
        var frame = Decode("4ef000090007 7e02 fc0004 00 01 1f 05");
        var packet = Assert.IsType<DataRecordTransferRequest>(frame.Message).Packet;
        Assert.NotNull(packet);
        Assert.True(packet.IsEmpty);
        Assert.Equal(EmptyPacketForm.ZeroRecords, packet.EmptyForm);
        Assert.Equal(1, packet.DataRecordFormat);
        Assert.Equal(1, packet.ApplicationIdentifier);
        Assert.Equal(15, packet.ReleaseIdentifier);
        Assert.Equal(5, packet.VersionIdentifier);
        Assert.Null(packet.ReleaseIdentifierExtension);
    }

    [Fact]
    public void SendVectorDecodesTheRecordWithTheReleaseExtension()
    {
        var bytes = Hex.Bytes(GtpPrimeVectors.SendPgwRecord);
        Assert.True(GtpPrimeDecoder.TryDecode(bytes, out var frame, out var error), error.ToString());
        AssertV2Header(frame.Header, GtpPrimeMessageType.DataRecordTransferRequest, 42, 11);
        var message = Assert.IsType<DataRecordTransferRequest>(frame.Message);
        Assert.Equal(PacketTransferCommand.SendDataRecordPacket, message.Command);
        var packet = message.Packet;
        Assert.NotNull(packet);
        Assert.Equal(DataRecordPacket.FormatBer, packet.DataRecordFormat);
        Assert.Equal(1, packet.ApplicationIdentifier);
        Assert.Equal(0, packet.ReleaseIdentifier);
        Assert.Equal(11, packet.VersionIdentifier);
        Assert.Equal((byte)17, packet.ReleaseIdentifierExtension);
        Assert.Equal(EmptyPacketForm.None, packet.EmptyForm);
        var record = Assert.Single(packet.Records);
        Assert.Equal(GtpPrimeVectors.PgwRecord, Hex.Of(record.Span));

        // The record is a slice of the input, not a copy.
        Assert.True(MemoryMarshal.TryGetArray(record, out var segment));
        Assert.Same(bytes, segment.Array);
        Assert.Equal(bytes.Length - 30, segment.Offset);
    }

    [Fact]
    public void V0LongHeaderSkipsTheFillerOctets()
    {
        var frame = Decode(GtpPrimeVectors.SendV0LongHeader);
        Assert.Equal(0, frame.Header.Version);
        Assert.True(frame.Header.LongHeader);
        Assert.Equal(20, frame.Header.HeaderLength);
        Assert.Equal(41, frame.Header.Length);
        Assert.Equal(14, frame.Header.SequenceNumber);
        Assert.Equal(new GtpPrimeHeaderForm(0, true), frame.Header.Form);
        var packet = Assert.IsType<DataRecordTransferRequest>(frame.Message).Packet;
        Assert.NotNull(packet);
        Assert.Equal(15, packet.ReleaseIdentifier);
        Assert.Null(packet.ReleaseIdentifierExtension);
        Assert.Equal(GtpPrimeVectors.PgwRecord, Hex.Of(Assert.Single(packet.Records).Span));
    }

    [Fact]
    public void V0LongHeaderFillerContentIsIgnored()
    {
        var frame = Decode("0e0100000007 0102030405060708090a0b0c0d0e");
        Assert.True(frame.Header.LongHeader);
        Assert.IsType<EchoRequest>(frame.Message);
    }

    [Theory]
    [InlineData("0f0100000001", 0, false, 0b111)] // v0 6-octet header
    [InlineData("2e0100000001", 1, false, 0b111)] // v1
    [InlineData("2f0100000001", 1, false, 0b111)] // v1: bit 1 ignored, still 6 octets
    [InlineData("4e0100000001", 2, false, 0b111)] // v2
    [InlineData("400100000001", 2, false, 0b000)] // spare 000 accepted
    [InlineData("4f0100000001", 2, false, 0b111)] // v2 with bit 1 set: ignored
    [InlineData("4a0100000001", 2, false, 0b101)] // any spare value accepted
    public void ShortHeaderFormsDecode(string hex, byte version, bool longHeader, byte spare)
    {
        var frame = Decode(hex);
        Assert.Equal(version, frame.Header.Version);
        Assert.Equal(longHeader, frame.Header.LongHeader);
        Assert.Equal(spare, frame.Header.SpareBits);
        Assert.Equal(1, frame.Header.SequenceNumber);
        Assert.IsType<EchoRequest>(frame.Message);
    }

    [Fact]
    public void ProtocolTypeOneIsNotGtpPrime()
    {
        Assert.False(GtpPrimeDecoder.TryDecode(Hex.Bytes("5e0100000001"), out _, out var error));
        Assert.Equal(GtpDecodeStatus.NotGtpPrime, error.Status);
        Assert.Null(error.Status.ToCause());
    }

    [Theory]
    [InlineData("6e0100000123")] // version 3
    [InlineData("ee0100000123")] // version 7
    public void VersionsAboveTwoReportVersionNotSupportedWithTheHeader(string hex)
    {
        Assert.False(GtpPrimeDecoder.TryDecode(Hex.Bytes(hex), out _, out var error));
        Assert.Equal(GtpDecodeStatus.VersionNotSupported, error.Status);
        Assert.NotNull(error.Header);
        Assert.Equal(0x0123, error.Header.Value.SequenceNumber);
        Assert.Equal(GtpPrimeMessageType.EchoRequest, error.Header.Value.MessageType);
        Assert.Null(error.Status.ToCause());
    }

    [Fact]
    public void TryReadHeaderReadsTheHeaderWithoutTheBody()
    {
        Assert.True(GtpPrimeDecoder.TryReadHeader(Hex.Bytes("4ef0002a000b"), out var header, out _));
        AssertV2Header(header, GtpPrimeMessageType.DataRecordTransferRequest, 42, 11);
        Assert.Equal(48, header.MessageLength);
    }

    [Fact]
    public void TryReadHeaderNeedsTwentyOctetsForTheV0LongForm()
    {
        var bytes = Hex.Bytes(GtpPrimeVectors.SendV0LongHeader);
        Assert.False(GtpPrimeDecoder.TryReadHeader(bytes.AsSpan(0, 19), out _, out var error));
        Assert.Equal(GtpDecodeStatus.NeedMoreData, error.Status);
        Assert.True(GtpPrimeDecoder.TryReadHeader(bytes.AsSpan(0, 20), out var header, out _));
        Assert.Equal(61, header.MessageLength);
    }

    [Fact]
    public void TrailingOctetsAfterTheMessageAreIgnored()
    {
        var frame = Decode(GtpPrimeVectors.EchoResponse + "deadbeef");
        Assert.Equal(5, Assert.IsType<EchoResponse>(frame.Message).Recovery);
    }

    [Fact]
    public void InformationElementsMayComeInAnyOrder()
    {
        var frame = Decode("4ef100090005 fd000400050006 0180");
        var message = Assert.IsType<DataRecordTransferResponse>(frame.Message);
        Assert.Equal(GtpPrimeCause.RequestAccepted, message.Cause);
        Assert.Equal(new ushort[] { 5, 6 }, message.RequestsResponded);
    }

    [Fact]
    public void UnknownTlvInformationElementsAreSkipped()
    {
        // Type 200 is TLV (bit 8 set) but not GTP': skipped by its length. Charging ID (127) is ignored.
        var frame = Decode("4e02000d0001 c80003aabbcc 7f01020304 0e05");
        Assert.Equal(5, Assert.IsType<EchoResponse>(frame.Message).Recovery);
    }

    [Fact]
    public void PrivateExtensionIsDecodedAsASliceOfTheMessage()
    {
        var bytes = Hex.Bytes("4e0100060001 ff0003 0bc0 2a");
        Assert.True(GtpPrimeDecoder.TryDecode(bytes, out var frame, out var error), error.ToString());
        var extension = frame.Message.PrivateExtension;
        Assert.NotNull(extension);
        Assert.Equal(0x0bc0, extension.ExtensionIdentifier);
        Assert.Equal("2a", Hex.Of(extension.Value.Span));
        Assert.True(MemoryMarshal.TryGetArray(extension.Value, out var segment));
        Assert.Same(bytes, segment.Array);
    }

    [Fact]
    public void VersionNotSupportedDecodesHeaderOnly()
    {
        var frame = Decode("4e0300000009");
        Assert.IsType<VersionNotSupported>(frame.Message);
        Assert.Equal(9, frame.Header.SequenceNumber);
    }

    [Fact]
    public void NodeAliveResponseAndRedirectionResponseDecode()
    {
        Assert.IsType<NodeAliveResponse>(Decode("4e0500000003").Message);
        var redirection = Assert.IsType<RedirectionResponse>(Decode("4e0700020004 0180").Message);
        Assert.Equal(GtpPrimeCause.RequestAccepted, redirection.Cause);
    }

    [Fact]
    public void MultipleRecordsAreSlicedInOrder()
    {
        var frame = Decode("4ef000110001 7e01 fc000c 02 01 1f 05 0002 0500 0002 0501");
        var packet = Assert.IsType<DataRecordTransferRequest>(frame.Message).Packet;
        Assert.NotNull(packet);
        Assert.Equal(2, packet.Records.Count);
        Assert.Equal("0500", Hex.Of(packet.Records[0].Span));
        Assert.Equal("0501", Hex.Of(packet.Records[1].Span));
    }
}
