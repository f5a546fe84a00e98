using Charging.GtpPrime;
using Charging.GtpPrime.Codec;
using Charging.GtpPrime.InformationElements;
using Charging.GtpPrime.Messages;
using Charging.Tests.Testing;
using System.Buffers;
using System.Net;

namespace Charging.Tests.GtpPrime;

/// <summary>Encoding to the docs/gtp-prime.md §7 vectors byte for byte, sizing, and rejection of invalid input.</summary>
public class GtpPrimeEncoderTests
{
    private static readonly GtpPrimeHeaderForm V2 = GtpPrimeHeaderForm.V2;

    private static void AssertEncodes(string expectedHex, GtpPrimeHeaderForm form, ushort sequenceNumber, GtpPrimeMessage message)
    {
        var expected = Hex.Bytes(expectedHex);
        Assert.Equal(expected.Length, GtpPrimeEncoder.GetEncodedLength(form, message));
        Assert.Equal(Hex.Of(expected), Hex.Of(GtpPrimeEncoder.Encode(form, sequenceNumber, message)));
    }

    private static DataRecordPacket PgwPacket(byte release, byte? extension) =>
        new(DataRecordPacket.FormatBer, 1, release, 11, extension, new ReadOnlyMemory<byte>[] { Hex.Bytes(GtpPrimeVectors.PgwRecord) });

    [Fact]
    public void EchoRequestEncodesToTheVector() => AssertEncodes(GtpPrimeVectors.EchoRequestV2, V2, 1, new EchoRequest());

    [Fact]
    public void EchoResponseEncodesToTheVector() => AssertEncodes(GtpPrimeVectors.EchoResponse, V2, 1, new EchoResponse(5));

    [Fact]
    public void NodeAliveRequestEncodesNodeAddressAsIe251() =>
        AssertEncodes(GtpPrimeVectors.NodeAliveRequest, V2, 3, new NodeAliveRequest(IPAddress.Parse("10.0.0.9")));

    [Fact]
    public void RedirectionRequestEncodesToTheVector() =>
        AssertEncodes(GtpPrimeVectors.RedirectionRequest, V2, 4,
            new RedirectionRequest(GtpPrimeCause.ThisNodeAboutToGoDown, IPAddress.Parse("10.0.0.8")));

    [Fact]
    public void DataRecordTransferResponseEncodesToTheVector() =>
        AssertEncodes(GtpPrimeVectors.DataRecordTransferResponse, V2, 5,
            new DataRecordTransferResponse(GtpPrimeCause.RequestAccepted, new ushort[] { 5, 6 }));

    [Fact]
    public void CancelEncodesToTheVector() =>
        AssertEncodes(GtpPrimeVectors.Cancel, V2, 9,
            new DataRecordTransferRequest(PacketTransferCommand.CancelDataRecordPacket, CancelledPackets: new ushort[] { 7, 8 }));

    [Fact]
    public void ReleaseEncodesToTheVector() =>
        AssertEncodes(GtpPrimeVectors.Release, V2, 10,
            new DataRecordTransferRequest(PacketTransferCommand.ReleaseDataRecordPacket, ReleasedPackets: new ushort[] { 7 }));

    [Fact]
    public void ZeroLengthEmptyPacketEncodesAsFc0000() =>
        AssertEncodes(GtpPrimeVectors.EmptyTestPacket, V2, 7,
            new DataRecordTransferRequest(PacketTransferCommand.SendPossiblyDuplicatedDataRecordPacket, DataRecordPacket.EmptyZeroLength));

    [Fact]
    public void ZeroRecordsEmptyPacketEncodesItsHeaderWithCountZero() =>
        AssertEncodes("4ef000090007 7e02 fc0004 00 01 1f 05", V2, 7,
            new DataRecordTransferRequest(PacketTransferCommand.SendPossiblyDuplicatedDataRecordPacket,
                new DataRecordPacket(1, 1, 15, 5, null, Array.Empty<ReadOnlyMemory<byte>>(), EmptyPacketForm.ZeroRecords)));

    [Fact]
    public void SendWritesTheReleaseExtensionOctetWhenReleaseIsZero() =>
        AssertEncodes(GtpPrimeVectors.SendPgwRecord, V2, 11,
            new DataRecordTransferRequest(PacketTransferCommand.SendDataRecordPacket, PgwPacket(0, 17)));

    [Fact]
    public void V0LongHeaderWritesFourteenZeroFillerOctets() =>
        AssertEncodes(GtpPrimeVectors.SendV0LongHeader, new GtpPrimeHeaderForm(0, true), 14,
            new DataRecordTransferRequest(PacketTransferCommand.SendDataRecordPacket, PgwPacket(15, null)));

    [Theory]
    [InlineData(0, false, "0f0100000001")]
    [InlineData(0, true, "0e0100000001 0000000000000000000000000000")]
    [InlineData(1, false, "2e0100000001")]
    [InlineData(2, false, "4e0100000001")]
    public void FirstOctetCarriesVersionSpare111AndTheV0FormBit(byte version, bool longHeader, string hex) =>
        AssertEncodes(hex, new GtpPrimeHeaderForm(version, longHeader), 1, new EchoRequest());

    [Fact]
    public void IesFollowTheReferenceOrderWithPrivateExtensionLast()
    {
        var message = new NodeAliveRequest(IPAddress.Parse("10.0.0.9"), IPAddress.Parse("2001:db8::1"))
        {
            PrivateExtension = new PrivateExtension(0x0bc0, Hex.Bytes("2a")),
        };
        AssertEncodes("4e0400200003 fb00040a000009 fb0010 20010db8000000000000000000000001 ff0003 0bc0 2a", V2, 3, message);
    }

    [Fact]
    public void RedirectionRequestEncodesBothRecommendedNodesAsIe254() =>
        AssertEncodes("4e0600100004 013e fe00040a000008 fe00040a000007", V2, 4,
            new RedirectionRequest(GtpPrimeCause.AnotherNodeAboutToGoDown, IPAddress.Parse("10.0.0.8"), IPAddress.Parse("10.0.0.7")));

    [Fact]
    public void MissingCommandIsOmittedSoATestPeerCanSendIt() =>
        AssertEncodes("4ef000030007 fc0000", V2, 7, new DataRecordTransferRequest(null, DataRecordPacket.EmptyZeroLength));

    [Fact]
    public void TryEncodeWritesNothingWhenTheDestinationIsTooSmall()
    {
        var message = new EchoResponse(5);
        var destination = new byte[7];
        Array.Fill(destination, (byte)0xAA);
        Assert.False(GtpPrimeEncoder.TryEncode(V2, 1, message, destination, out int written));
        Assert.Equal(0, written);
        Assert.All(destination, b => Assert.Equal(0xAA, b));
    }

    [Fact]
    public void TryEncodeIntoALargerSpanWritesOnlyTheMessage()
    {
        var destination = new byte[16];
        Assert.True(GtpPrimeEncoder.TryEncode(V2, 1, new EchoResponse(5), destination, out int written));
        Assert.Equal(8, written);
        Assert.Equal(Hex.Of(Hex.Bytes(GtpPrimeVectors.EchoResponse)), Hex.Of(destination.AsSpan(0, written)));
        Assert.All(destination.AsSpan(written).ToArray(), b => Assert.Equal(0, b));
    }

    [Fact]
    public void EncodeIntoABufferWriterAdvancesByTheMessageLength()
    {
        var writer = new ArrayBufferWriter<byte>();
        Assert.Equal(15, GtpPrimeEncoder.Encode(V2, 5, new DataRecordTransferResponse(GtpPrimeCause.RequestAccepted, new ushort[] { 5, 6 }), writer));
        Assert.Equal(8, GtpPrimeEncoder.Encode(V2, 1, new EchoResponse(5), writer));
        Assert.Equal(Hex.Of(Hex.Bytes(GtpPrimeVectors.DataRecordTransferResponse + GtpPrimeVectors.EchoResponse)), Hex.Of(writer.WrittenSpan));
    }

    public static TheoryData<string, GtpPrimeMessage> InvalidMessages => new()
    {
        { "256 records", new DataRecordTransferRequest(PacketTransferCommand.SendDataRecordPacket,
            new DataRecordPacket(1, 1, 15, 5, null, Enumerable.Repeat(new ReadOnlyMemory<byte>(new byte[1]), 256).ToArray())) },
        { "record over 65535 octets", new DataRecordTransferRequest(PacketTransferCommand.SendDataRecordPacket,
            new DataRecordPacket(1, 1, 15, 5, null, new ReadOnlyMemory<byte>[] { new byte[65536] })) },
        { "packet over 65535 octets", new DataRecordTransferRequest(PacketTransferCommand.SendDataRecordPacket,
            new DataRecordPacket(1, 1, 15, 5, null, new ReadOnlyMemory<byte>[] { new byte[40000], new byte[40000] })) },
        { "release 0 without extension", new DataRecordTransferRequest(PacketTransferCommand.SendDataRecordPacket, PgwPacket(0, null)) },
        { "extension with release 15", new DataRecordTransferRequest(PacketTransferCommand.SendDataRecordPacket, PgwPacket(15, 17)) },
        { "application identifier 16", new DataRecordTransferRequest(PacketTransferCommand.SendDataRecordPacket,
            new DataRecordPacket(1, 16, 15, 5, null, Array.Empty<ReadOnlyMemory<byte>>())) },
        { "release identifier 16", new DataRecordTransferRequest(PacketTransferCommand.SendDataRecordPacket,
            new DataRecordPacket(1, 1, 16, 5, null, Array.Empty<ReadOnlyMemory<byte>>())) },
        { "zero-length form with records", new DataRecordTransferRequest(PacketTransferCommand.SendDataRecordPacket,
            DataRecordPacket.EmptyZeroLength with { Records = new ReadOnlyMemory<byte>[] { new byte[1] } }) },
        { "zero-records form with records", new DataRecordTransferRequest(PacketTransferCommand.SendDataRecordPacket,
            PgwPacket(15, null) with { EmptyForm = EmptyPacketForm.ZeroRecords }) },
        { "PTC 9", new DataRecordTransferRequest((PacketTransferCommand)9) },
        { "32768 sequence numbers", new DataRecordTransferResponse(GtpPrimeCause.RequestAccepted, new ushort[32768]) },
        { "alternative without recommended node", new RedirectionRequest(GtpPrimeCause.SystemFailureRequest, null, IPAddress.Loopback) },
        { "private extension on Version Not Supported", new VersionNotSupported { PrivateExtension = new PrivateExtension(1, default) } },
        { "private extension over 65535 octets", new EchoRequest { PrivateExtension = new PrivateExtension(1, new byte[65534]) } },
    };

    [Theory]
    [MemberData(nameof(InvalidMessages))]
    public void InvalidMessagesThrowArgumentException(string reason, GtpPrimeMessage message)
    {
        Assert.NotNull(reason);
        Assert.ThrowsAny<ArgumentException>(() => GtpPrimeEncoder.GetEncodedLength(V2, message));
        Assert.ThrowsAny<ArgumentException>(() => GtpPrimeEncoder.TryEncode(V2, 1, message, new byte[200_000], out _));
    }

    [Fact]
    public void TwoHundredFiftyFiveRecordsAreAccepted()
    {
        var packet = new DataRecordPacket(1, 1, 15, 5, null, Enumerable.Repeat(new ReadOnlyMemory<byte>(new byte[] { 5, 0 }), 255).ToArray());
        var bytes = GtpPrimeEncoder.Encode(V2, 1, new DataRecordTransferRequest(PacketTransferCommand.SendDataRecordPacket, packet));
        Assert.Equal(6 + 2 + 3 + 4 + 255 * 4, bytes.Length);
        Assert.Equal(0xff, bytes[11]);
    }

    [Theory]
    [InlineData(3, false)]
    [InlineData(7, false)]
    [InlineData(1, true)]
    [InlineData(2, true)]
    public void InvalidHeaderFormsThrowArgumentException(byte version, bool longHeader) =>
        Assert.ThrowsAny<ArgumentException>(() => GtpPrimeEncoder.Encode(new GtpPrimeHeaderForm(version, longHeader), 1, new EchoRequest()));
}
