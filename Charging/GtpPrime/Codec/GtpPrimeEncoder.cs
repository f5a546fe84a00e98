using Charging.GtpPrime.InformationElements;
using Charging.GtpPrime.Messages;
using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using IeType = Charging.GtpPrime.InformationElements.InformationElementType;

namespace Charging.GtpPrime.Codec;

/// <summary>
/// GTP' encoder: sizing, side-effect-free TryEncode into a span, and Encode into a buffer writer.
/// Emits spare bits 111, v0 long-form filler as zeros, IE 251 for Node Address.
/// Invalid messages (programmer errors such as 256 records or an application identifier above 15)
/// throw <see cref="ArgumentException"/>; only the decoder promises never to throw.
/// </summary>
public static class GtpPrimeEncoder
{
    // Octet 1 (TS 32.295 §6.1.1; docs/gtp-prime.md §1): PT = 0, spare sent as 111.
    private const byte SpareBits = 0x0E;
    private const byte ShortHeaderBit = 0x01;
    private const int VersionShift = 5;
    private const byte HighestVersion = 2;

    private const int TvLength = 2;
    private const int MaxRecords = byte.MaxValue;
    private const int DataRecordPacketHeaderLength = 4;
    private const int RecordLengthLength = 2;
    private const int ExtensionIdentifierLength = 2;

    public static int GetEncodedLength(GtpPrimeHeaderForm form, GtpPrimeMessage message)
    {
        ValidateForm(form);
        return form.HeaderLength + GetBodyLength(message);
    }

    /// <summary>False only when <paramref name="destination"/> is too small; nothing is written then.</summary>
    public static bool TryEncode(GtpPrimeHeaderForm form, ushort sequenceNumber, GtpPrimeMessage message, Span<byte> destination, out int bytesWritten)
    {
        int length = GetEncodedLength(form, message);
        if ((uint)destination.Length < (uint)length)
        {
            bytesWritten = 0;
            return false;
        }

        var output = destination[..length];
        WriteHeader(form, message.MessageType, (ushort)(length - form.HeaderLength), sequenceNumber, output);
        var writer = new SpanWriter(output[form.HeaderLength..]);
        WriteBody(message, ref writer);
        bytesWritten = length;
        return true;
    }

    public static int Encode(GtpPrimeHeaderForm form, ushort sequenceNumber, GtpPrimeMessage message, IBufferWriter<byte> writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        int length = GetEncodedLength(form, message);
        var span = writer.GetSpan(length);
        TryEncode(form, sequenceNumber, message, span, out int written);
        writer.Advance(written);
        return written;
    }

    public static byte[] Encode(GtpPrimeHeaderForm form, ushort sequenceNumber, GtpPrimeMessage message)
    {
        var bytes = new byte[GetEncodedLength(form, message)];
        TryEncode(form, sequenceNumber, message, bytes, out _);
        return bytes;
    }

    private static void ValidateForm(GtpPrimeHeaderForm form)
    {
        if (form.Version > HighestVersion)
        {
            throw new ArgumentException($"GTP' version {form.Version} cannot be sent; 0-2 only.", nameof(form));
        }

        if (form.LongHeader && form.Version != 0)
        {
            throw new ArgumentException("The 20-octet header exists only for version 0 (docs/gtp-prime.md §1).", nameof(form));
        }
    }

    private static void WriteHeader(GtpPrimeHeaderForm form, GtpPrimeMessageType type, ushort length, ushort sequenceNumber, Span<byte> destination)
    {
        // Bit 1: v0 1 = 6-octet header, 0 = 20-octet header; v1/v2 send 0.
        bool shortBit = form.Version == 0 && !form.LongHeader;
        destination[0] = (byte)((form.Version << VersionShift) | SpareBits | (shortBit ? ShortHeaderBit : 0));
        destination[1] = (byte)type;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], length);
        BinaryPrimitives.WriteUInt16BigEndian(destination[4..], sequenceNumber);
        if (form.LongHeader)
        {
            // Octets 7-20: GTPv0 leftovers, sent as zeros.
            destination[GtpPrimeHeader.ShortLength..GtpPrimeHeader.LongLength].Clear();
        }
    }

    /// <summary>The octets after the header; also validates the message (throws for invalid input).</summary>
    private static int GetBodyLength(GtpPrimeMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        long length = message switch
        {
            EchoRequest => 0,
            EchoResponse => TvLength,
            VersionNotSupported => message.PrivateExtension is null
                ? 0
                : throw new ArgumentException("Version Not Supported is header only (docs/gtp-prime.md §2).", nameof(message)),
            NodeAliveRequest m => AddressLength(m.NodeAddress ?? throw new ArgumentException("Node Address is mandatory.", nameof(message)))
                + OptionalAddressLength(m.AlternativeNodeAddress),
            NodeAliveResponse => 0,
            RedirectionRequest m => m.RecommendedNode is null && m.AlternativeRecommendedNode is not null
                ? throw new ArgumentException("An alternative recommended node needs a recommended node.", nameof(message))
                : TvLength + OptionalAddressLength(m.RecommendedNode) + OptionalAddressLength(m.AlternativeRecommendedNode),
            RedirectionResponse => TvLength,
            DataRecordTransferRequest m => CommandLength(m.Command)
                + (m.Packet is null ? 0 : InformationElementFormat.TlvHeaderLength + DataRecordPacketValueLength(m.Packet))
                + OptionalSequenceNumbersLength(m.ReleasedPackets)
                + OptionalSequenceNumbersLength(m.CancelledPackets),
            DataRecordTransferResponse m => TvLength
                + SequenceNumbersLength(m.RequestsResponded ?? throw new ArgumentException("Requests Responded is mandatory.", nameof(message))),
            _ => throw new ArgumentException($"Unknown message {message.GetType().Name}.", nameof(message)),
        };

        if (message.PrivateExtension is { } extension)
        {
            length += InformationElementFormat.TlvHeaderLength + CheckedTlvValueLength(ExtensionIdentifierLength + extension.Value.Length);
        }

        if (length > ushort.MaxValue)
        {
            throw new ArgumentException("The message body exceeds 65535 octets (header Length field).", nameof(message));
        }

        return (int)length;
    }

    private static int CommandLength(PacketTransferCommand? command) => command switch
    {
        null => 0, // Allowed so a test peer can send the malformed request a CGF answers with 202.
        >= PacketTransferCommand.SendDataRecordPacket and <= PacketTransferCommand.ReleaseDataRecordPacket => TvLength,
        _ => throw new ArgumentException($"Packet Transfer Command {(byte)command} is not 1-4.", nameof(command)),
    };

    private static int AddressLength(IPAddress address) => InformationElementFormat.TlvHeaderLength + address.AddressFamily switch
    {
        AddressFamily.InterNetwork => 4,
        AddressFamily.InterNetworkV6 => 16,
        _ => throw new ArgumentException($"Address family {address.AddressFamily} is not IPv4 or IPv6.", nameof(address)),
    };

    private static int OptionalAddressLength(IPAddress? address) => address is null ? 0 : AddressLength(address);

    private static int SequenceNumbersLength(IReadOnlyList<ushort> numbers)
        => InformationElementFormat.TlvHeaderLength + CheckedTlvValueLength((long)numbers.Count * sizeof(ushort));

    private static int OptionalSequenceNumbersLength(IReadOnlyList<ushort>? numbers) => numbers is null ? 0 : SequenceNumbersLength(numbers);

    private static int CheckedTlvValueLength(long length) => length <= ushort.MaxValue
        ? (int)length
        : throw new ArgumentException("An IE value exceeds 65535 octets.");

    /// <summary>Value length of IE 252 (docs/gtp-prime.md §3.1); validates the packet.</summary>
    private static int DataRecordPacketValueLength(DataRecordPacket packet)
    {
        var records = packet.Records ?? throw new ArgumentException("Records is null.", nameof(packet));
        if (packet.EmptyForm == EmptyPacketForm.ZeroLength)
        {
            return records.Count == 0 ? 0 : throw new ArgumentException("A zero-length packet has no records.", nameof(packet));
        }

        if (packet.EmptyForm == EmptyPacketForm.ZeroRecords && records.Count != 0)
        {
            throw new ArgumentException("A zero-records packet has no records.", nameof(packet));
        }

        if (records.Count > MaxRecords)
        {
            throw new ArgumentException("Number of Data Records is one octet: at most 255 records.", nameof(packet));
        }

        if (packet.ApplicationIdentifier > 0x0F || packet.ReleaseIdentifier > 0x0F)
        {
            throw new ArgumentException("Application and Release Identifiers are 4 bits each.", nameof(packet));
        }

        // The extension octet is present iff Release Identifier = 0 (Rel-16 and later).
        if ((packet.ReleaseIdentifier == 0) != packet.ReleaseIdentifierExtension.HasValue)
        {
            throw new ArgumentException("ReleaseIdentifierExtension is required when ReleaseIdentifier is 0, and forbidden otherwise.", nameof(packet));
        }

        long length = DataRecordPacketHeaderLength + (packet.ReleaseIdentifierExtension.HasValue ? 1 : 0);
        for (int i = 0; i < records.Count; i++)
        {
            int recordLength = records[i].Length;
            if (recordLength > ushort.MaxValue)
            {
                throw new ArgumentException($"Record {i} exceeds 65535 octets.", nameof(packet));
            }

            length += RecordLengthLength + recordLength;
        }

        return CheckedTlvValueLength(length);
    }

    /// <summary>IEs in the order of docs/gtp-prime.md §2's table; the body was sized and validated already.</summary>
    private static void WriteBody(GtpPrimeMessage message, ref SpanWriter writer)
    {
        switch (message)
        {
            case EchoResponse m:
                writer.WriteTv(IeType.Recovery, m.Recovery);
                break;
            case NodeAliveRequest m:
                writer.WriteAddress(IeType.ChargingGatewayAddress, m.NodeAddress);
                writer.WriteOptionalAddress(IeType.ChargingGatewayAddress, m.AlternativeNodeAddress);
                break;
            case RedirectionRequest m:
                writer.WriteTv(IeType.Cause, (byte)m.Cause);
                writer.WriteOptionalAddress(IeType.AddressOfRecommendedNode, m.RecommendedNode);
                writer.WriteOptionalAddress(IeType.AddressOfRecommendedNode, m.AlternativeRecommendedNode);
                break;
            case RedirectionResponse m:
                writer.WriteTv(IeType.Cause, (byte)m.Cause);
                break;
            case DataRecordTransferRequest m:
                if (m.Command is { } command)
                {
                    writer.WriteTv(IeType.PacketTransferCommand, (byte)command);
                }

                if (m.Packet is not null)
                {
                    WriteDataRecordPacket(m.Packet, ref writer);
                }

                writer.WriteOptionalSequenceNumbers(IeType.SequenceNumbersOfReleasedPackets, m.ReleasedPackets);
                writer.WriteOptionalSequenceNumbers(IeType.SequenceNumbersOfCancelledPackets, m.CancelledPackets);
                break;
            case DataRecordTransferResponse m:
                writer.WriteTv(IeType.Cause, (byte)m.Cause);
                writer.WriteOptionalSequenceNumbers(IeType.RequestsResponded, m.RequestsResponded);
                break;
            default:
                // Echo Request, Version Not Supported, Node Alive Response: no IEs besides the extension.
                break;
        }

        if (message.PrivateExtension is { } extension)
        {
            writer.WriteTlvHeader(IeType.PrivateExtension, ExtensionIdentifierLength + extension.Value.Length);
            writer.WriteUInt16(extension.ExtensionIdentifier);
            writer.WriteBytes(extension.Value.Span);
        }
    }

    private static void WriteDataRecordPacket(DataRecordPacket packet, ref SpanWriter writer)
    {
        writer.WriteTlvHeader(IeType.DataRecordPacket, DataRecordPacketValueLength(packet));
        if (packet.EmptyForm == EmptyPacketForm.ZeroLength)
        {
            return;
        }

        var records = packet.Records;
        writer.WriteByte((byte)records.Count);
        writer.WriteByte(packet.DataRecordFormat);
        writer.WriteByte((byte)((packet.ApplicationIdentifier << 4) | packet.ReleaseIdentifier));
        writer.WriteByte(packet.VersionIdentifier);
        if (packet.ReleaseIdentifierExtension is { } extension)
        {
            writer.WriteByte(extension);
        }

        for (int i = 0; i < records.Count; i++)
        {
            var record = records[i].Span;
            writer.WriteUInt16((ushort)record.Length);
            writer.WriteBytes(record);
        }
    }

    /// <summary>Forward-only writer over a span that was sized beforehand.</summary>
    private ref struct SpanWriter(Span<byte> destination)
    {
        private readonly Span<byte> _destination = destination;
        private int _position;

        public void WriteByte(byte value) => _destination[_position++] = value;

        public void WriteUInt16(ushort value)
        {
            BinaryPrimitives.WriteUInt16BigEndian(_destination[_position..], value);
            _position += sizeof(ushort);
        }

        public void WriteBytes(ReadOnlySpan<byte> value)
        {
            value.CopyTo(_destination[_position..]);
            _position += value.Length;
        }

        public void WriteTv(IeType type, byte value)
        {
            WriteByte((byte)type);
            WriteByte(value);
        }

        public void WriteTlvHeader(IeType type, int length)
        {
            WriteByte((byte)type);
            WriteUInt16((ushort)length);
        }

        public void WriteAddress(IeType type, IPAddress address)
        {
            int length = address.AddressFamily == AddressFamily.InterNetwork ? 4 : 16;
            WriteTlvHeader(type, length);
            address.TryWriteBytes(_destination.Slice(_position, length), out _);
            _position += length;
        }

        public void WriteOptionalAddress(IeType type, IPAddress? address)
        {
            if (address is not null)
            {
                WriteAddress(type, address);
            }
        }

        public void WriteOptionalSequenceNumbers(IeType type, IReadOnlyList<ushort>? numbers)
        {
            if (numbers is null)
            {
                return;
            }

            WriteTlvHeader(type, numbers.Count * sizeof(ushort));
            for (int i = 0; i < numbers.Count; i++)
            {
                WriteUInt16(numbers[i]);
            }
        }
    }
}
