using Charging.GtpPrime;
using Charging.GtpPrime.Codec;
using Charging.GtpPrime.InformationElements;
using Charging.GtpPrime.Messages;
using Charging.Tests.Testing;
using System.Net;

namespace Charging.Tests.GtpPrime;

/// <summary>Encode then decode every message type in every header form.</summary>
public class GtpPrimeRoundTripTests
{
    private static readonly PrivateExtension Extension = new(0x0bc0, new byte[] { 1, 2, 3 });

    public static IEnumerable<GtpPrimeHeaderForm> Forms =>
    [
        new GtpPrimeHeaderForm(0, true),
        new GtpPrimeHeaderForm(0, false),
        new GtpPrimeHeaderForm(1, false),
        GtpPrimeHeaderForm.V2,
    ];

    public static IEnumerable<GtpPrimeMessage> Messages =>
    [
        new EchoRequest(),
        new EchoRequest { PrivateExtension = Extension },
        new EchoResponse(255),
        new VersionNotSupported(),
        new NodeAliveRequest(IPAddress.Parse("192.0.2.1")),
        new NodeAliveRequest(IPAddress.Parse("192.0.2.1"), IPAddress.Parse("2001:db8::2")) { PrivateExtension = Extension },
        new NodeAliveResponse(),
        new RedirectionRequest(GtpPrimeCause.ReceiveBuffersBecomingFull),
        new RedirectionRequest(GtpPrimeCause.ThisNodeAboutToGoDown, IPAddress.Parse("2001:db8::8"), IPAddress.Parse("10.0.0.8")),
        new RedirectionResponse(GtpPrimeCause.RequestAccepted) { PrivateExtension = new PrivateExtension(7, default) },
        new DataRecordTransferRequest(PacketTransferCommand.SendDataRecordPacket,
            new DataRecordPacket(1, 1, 0, 11, 17, new ReadOnlyMemory<byte>[] { Hex.Bytes(GtpPrimeVectors.PgwRecord), new byte[] { 0x05, 0x00 }, ReadOnlyMemory<byte>.Empty })),
        new DataRecordTransferRequest(PacketTransferCommand.SendPossiblyDuplicatedDataRecordPacket,
            new DataRecordPacket(12, 1, 5, 6, null, new ReadOnlyMemory<byte>[] { new byte[300] })),
        new DataRecordTransferRequest(PacketTransferCommand.SendPossiblyDuplicatedDataRecordPacket, DataRecordPacket.EmptyZeroLength),
        new DataRecordTransferRequest(PacketTransferCommand.SendPossiblyDuplicatedDataRecordPacket,
            new DataRecordPacket(1, 1, 15, 5, null, Array.Empty<ReadOnlyMemory<byte>>(), EmptyPacketForm.ZeroRecords)),
        new DataRecordTransferRequest(PacketTransferCommand.CancelDataRecordPacket, CancelledPackets: new ushort[] { 0, 65535 }),
        new DataRecordTransferRequest(PacketTransferCommand.ReleaseDataRecordPacket, ReleasedPackets: Array.Empty<ushort>()),
        new DataRecordTransferResponse(GtpPrimeCause.CdrDecodingError, new ushort[] { 1, 2, 3 }) { PrivateExtension = Extension },
    ];

    public static TheoryData<int, int> Cases()
    {
        var data = new TheoryData<int, int>();
        for (int form = 0; form < Forms.Count(); form++)
        {
            for (int message = 0; message < Messages.Count(); message++)
            {
                data.Add(form, message);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void EncodedMessageDecodesToTheSameMessage(int formIndex, int messageIndex)
    {
        var form = Forms.ElementAt(formIndex);
        var message = Messages.ElementAt(messageIndex);
        var bytes = GtpPrimeEncoder.Encode(form, 0xBEEF, message);

        Assert.Equal(GtpDecodeStatus.Success, GtpPrimeDecoder.TryGetMessageLength(bytes, out int length, out _));
        Assert.Equal(bytes.Length, length);
        Assert.True(GtpPrimeDecoder.TryDecode(bytes, out var frame, out var error), error.ToString());
        Assert.Equal(form, frame.Header.Form);
        Assert.Equal(0xBEEF, frame.Header.SequenceNumber);
        Assert.Equal(0b111, frame.Header.SpareBits);
        Assert.Equal(bytes.Length, frame.Header.MessageLength);
        GtpPrimeAssert.Equivalent(message, frame.Message);

        // Encoding the decoded message gives the same octets.
        Assert.Equal(Hex.Of(bytes), Hex.Of(GtpPrimeEncoder.Encode(frame.Header.Form, frame.Header.SequenceNumber, frame.Message)));
    }
}
