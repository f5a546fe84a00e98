using Charging.GtpPrime.InformationElements;
using Charging.GtpPrime.Messages;
using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using IeType = Charging.GtpPrime.InformationElements.InformationElementType;

namespace Charging.GtpPrime.Codec;

/// <summary>
/// Stateless GTP' decoder. Never throws on malformed input: every failure is a <see cref="GtpDecodeError"/>.
/// </summary>
public static class GtpPrimeDecoder
{
    // Octet 1 of the header (TS 32.295 §6.1.1; docs/gtp-prime.md §1).
    private const int VersionShift = 5;
    private const byte ProtocolTypeBit = 0x10;
    private const byte SpareMask = 0x0E;
    private const int SpareShift = 1;
    private const byte ShortHeaderBit = 0x01;
    private const byte HighestVersion = 2;

    // Data Record Packet (docs/gtp-prime.md §3.1): count, format, app/release, version.
    private const int DataRecordPacketHeaderLength = 4;
    private const int RecordLengthLength = 2;
    private const int ExtensionIdentifierLength = 2;

    /// <summary>
    /// Reads just enough of a message's start to know its total length (header + Length), for TCP framing.
    /// Returns NeedMoreData while fewer than 6 octets are available: the 6-octet prefix already tells
    /// the header form and the Length, so the v0 20-octet form needs no more.
    /// Only framing faults are reported: NotGtpPrime (PT = 1) and VersionNotSupported (versions 3-7, with
    /// <paramref name="messageLength"/> set to 6 + Length as a hint and the header in <paramref name="error"/>).
    /// An unknown message type is framed normally; <see cref="TryDecode"/> reports it.
    /// </summary>
    public static GtpDecodeStatus TryGetMessageLength(ReadOnlySpan<byte> prefix, out int messageLength, out GtpDecodeError error)
    {
        messageLength = 0;
        if ((uint)prefix.Length < GtpPrimeHeader.ShortLength)
        {
            error = new GtpDecodeError(GtpDecodeStatus.NeedMoreData, prefix.Length, Detail: "fewer than 6 octets");
            return GtpDecodeStatus.NeedMoreData;
        }

        var status = ReadFixedHeader(prefix, out var header, out error);
        switch (status)
        {
            case GtpDecodeStatus.Success:
            case GtpDecodeStatus.UnknownMessageType:
                messageLength = header.MessageLength;
                error = default;
                return GtpDecodeStatus.Success;
            case GtpDecodeStatus.VersionNotSupported:
                messageLength = header.MessageLength;
                return status;
            default:
                return status;
        }
    }

    /// <inheritdoc cref="TryGetMessageLength(ReadOnlySpan{byte}, out int, out GtpDecodeError)"/>
    public static GtpDecodeStatus TryGetMessageLength(in ReadOnlySequence<byte> prefix, out int messageLength, out GtpDecodeError error)
    {
        var first = prefix.FirstSpan;
        if (prefix.IsSingleSegment || first.Length >= GtpPrimeHeader.ShortLength)
        {
            return TryGetMessageLength(first, out messageLength, out error);
        }

        // The fixed header is split across segments: gather at most 6 octets.
        Span<byte> head = stackalloc byte[GtpPrimeHeader.ShortLength];
        int available = (int)Math.Min(prefix.Length, GtpPrimeHeader.ShortLength);
        prefix.Slice(0, available).CopyTo(head);
        return TryGetMessageLength(head[..available], out messageLength, out error);
    }

    /// <summary>
    /// Decodes the header only. False with NeedMoreData when fewer than 6 octets (20 for the v0 long form)
    /// are present; with NotGtpPrime, VersionNotSupported or UnknownMessageType otherwise (the latter two
    /// carry the header read so far, so the caller can answer with the request's sequence number).
    /// </summary>
    public static bool TryReadHeader(ReadOnlySpan<byte> source, out GtpPrimeHeader header, out GtpDecodeError error)
    {
        if ((uint)source.Length < GtpPrimeHeader.ShortLength)
        {
            header = default;
            error = new GtpDecodeError(GtpDecodeStatus.NeedMoreData, source.Length, Detail: "fewer than 6 octets");
            return false;
        }

        if (ReadFixedHeader(source, out header, out error) != GtpDecodeStatus.Success)
        {
            return false;
        }

        if ((uint)source.Length < (uint)header.HeaderLength)
        {
            error = new GtpDecodeError(GtpDecodeStatus.NeedMoreData, source.Length, header, "v0 20-octet header is incomplete");
            return false;
        }

        return true;
    }

    /// <summary>
    /// Decodes exactly one whole message (UDP datagram or one TCP frame). Record and extension
    /// payloads in the result are slices of <paramref name="message"/> (no copy).
    /// Octets after header + Length are ignored.
    /// </summary>
    public static bool TryDecode(ReadOnlyMemory<byte> message, out GtpPrimeFrame frame, out GtpDecodeError error)
    {
        frame = default;
        var span = message.Span;
        if (!TryReadHeader(span, out var header, out error))
        {
            if (error.Status == GtpDecodeStatus.NeedMoreData)
            {
                error = error with { Status = GtpDecodeStatus.InvalidLength };
            }
            return false;
        }

        if ((uint)span.Length < (uint)header.MessageLength)
        {
            error = new GtpDecodeError(GtpDecodeStatus.InvalidLength, span.Length, header, "message shorter than header + Length");
            return false;
        }

        var status = ScanInformationElements(span, header, out var ies, out int offset, out string? detail);
        if (status != GtpDecodeStatus.Success)
        {
            error = new GtpDecodeError(status, offset, header, detail);
            return false;
        }

        // Private Extension (255): Extension Identifier (2) + value; checked after the mandatory IEs.
        PrivateExtension? privateExtension = null;
        var pe = ies.PrivateExtension;
        bool privateExtensionIncorrect = pe.Present && (uint)pe.Length < ExtensionIdentifierLength;
        if (pe.Present && !privateExtensionIncorrect)
        {
            ushort identifier = BinaryPrimitives.ReadUInt16BigEndian(span.Slice(pe.ValueOffset));
            privateExtension = new PrivateExtension(identifier, message.Slice(pe.ValueOffset + ExtensionIdentifierLength, pe.Length - ExtensionIdentifierLength));
        }

        status = BuildMessage(message, header, in ies, privateExtension, out var decoded, out offset, out detail);
        if (status == GtpDecodeStatus.Success && privateExtensionIncorrect)
        {
            (status, offset, detail) = (GtpDecodeStatus.OptionalIeIncorrect, pe.TypeOffset, "Private Extension (255) shorter than 2 octets");
        }

        if (status != GtpDecodeStatus.Success || decoded is null)
        {
            error = new GtpDecodeError(status, offset, header, detail);
            return false;
        }

        frame = new GtpPrimeFrame(header, decoded);
        error = default;
        return true;
    }

    /// <summary>Octets 1-6 (TS 32.295 §6.1.1). <paramref name="source"/> holds at least 6 octets.</summary>
    private static GtpDecodeStatus ReadFixedHeader(ReadOnlySpan<byte> source, out GtpPrimeHeader header, out GtpDecodeError error)
    {
        byte flags = source[0];
        byte version = (byte)(flags >> VersionShift);
        var type = (GtpPrimeMessageType)source[1];
        ushort length = BinaryPrimitives.ReadUInt16BigEndian(source.Slice(2));
        ushort sequenceNumber = BinaryPrimitives.ReadUInt16BigEndian(source.Slice(4));
        byte spare = (byte)((flags & SpareMask) >> SpareShift);
        // Bit 1 selects the header form for v0 only; v1/v2 always use 6 octets (docs/gtp-prime.md §1).
        bool longHeader = version == 0 && (flags & ShortHeaderBit) == 0;
        header = new GtpPrimeHeader(version, type, length, sequenceNumber, longHeader, spare);

        if ((flags & ProtocolTypeBit) != 0)
        {
            error = new GtpDecodeError(GtpDecodeStatus.NotGtpPrime, 0, Detail: "PT = 1 (GTP)");
            return GtpDecodeStatus.NotGtpPrime;
        }

        if (version > HighestVersion)
        {
            error = new GtpDecodeError(GtpDecodeStatus.VersionNotSupported, 0, header, "version 3-7");
            return GtpDecodeStatus.VersionNotSupported;
        }

        if (!type.IsDefined())
        {
            error = new GtpDecodeError(GtpDecodeStatus.UnknownMessageType, 1, header, "not one of the nine GTP' message types");
            return GtpDecodeStatus.UnknownMessageType;
        }

        error = default;
        return GtpDecodeStatus.Success;
    }

    /// <summary>
    /// Walks the IEs in any order (docs/gtp-prime.md §3): TV types have fixed lengths, TLV types (bit 8 set) a
    /// 2-octet length. Records where each known IE is; the first occurrence wins except for addresses.
    /// </summary>
    private static GtpDecodeStatus ScanInformationElements(
        ReadOnlySpan<byte> span, GtpPrimeHeader header, out InformationElementSet ies, out int offset, out string? detail)
    {
        ies = default;
        int position = header.HeaderLength;
        int end = header.MessageLength;
        while (position < end)
        {
            byte type = span[position];
            int valueOffset;
            int valueLength;
            if (type >= InformationElementFormat.FirstTlvType)
            {
                if ((uint)(end - position) < InformationElementFormat.TlvHeaderLength)
                {
                    offset = position;
                    detail = "TLV IE header overruns the message";
                    return GtpDecodeStatus.InvalidLength;
                }

                valueOffset = position + InformationElementFormat.TlvHeaderLength;
                valueLength = BinaryPrimitives.ReadUInt16BigEndian(span.Slice(position + 1));
            }
            else
            {
                valueLength = InformationElementFormat.TvValueLength(type);
                if (valueLength < 0)
                {
                    offset = position;
                    detail = "unknown TV IE type";
                    return GtpDecodeStatus.UnknownInformationElement;
                }

                valueOffset = position + 1;
            }

            if ((uint)valueLength > (uint)(end - valueOffset))
            {
                offset = position;
                detail = "IE length overruns the message";
                return GtpDecodeStatus.InvalidLength;
            }

            var element = new InformationElementLocation(position, valueOffset, valueLength);
            switch ((IeType)type)
            {
                case IeType.Cause:
                    ies.Cause.SetFirst(element);
                    break;
                case IeType.Recovery:
                    ies.Recovery.SetFirst(element);
                    break;
                case IeType.PacketTransferCommand:
                    ies.PacketTransferCommand.SetFirst(element);
                    break;
                case IeType.SequenceNumbersOfReleasedPackets:
                case IeType.SequenceNumbersOfCancelledPackets:
                case IeType.RequestsResponded:
                    // n × uint16 (docs/gtp-prime.md §3).
                    if ((valueLength & 1) != 0)
                    {
                        offset = position;
                        detail = "sequence number list with odd length";
                        return GtpDecodeStatus.InvalidLength;
                    }

                    if ((IeType)type == IeType.SequenceNumbersOfReleasedPackets)
                    {
                        ies.ReleasedPackets.SetFirst(element);
                    }
                    else if ((IeType)type == IeType.SequenceNumbersOfCancelledPackets)
                    {
                        ies.CancelledPackets.SetFirst(element);
                    }
                    else
                    {
                        ies.RequestsResponded.SetFirst(element);
                    }
                    break;
                case IeType.ChargingGatewayAddress:
                    ies.NodeAddress.Add(element);
                    break;
                case IeType.AddressOfRecommendedNode:
                    // Node Alive accepts 254 as well as 251 (docs/gtp-prime.md §2).
                    ies.NodeAddress.Add(element);
                    ies.RecommendedNode.Add(element);
                    break;
                case IeType.DataRecordPacket:
                    ies.DataRecordPacket.SetFirst(element);
                    break;
                case IeType.PrivateExtension:
                    ies.PrivateExtension.SetFirst(element);
                    break;
                default:
                    // Charging ID (127) is used by no message; unknown TLV types are skipped.
                    break;
            }

            position = valueOffset + valueLength;
        }

        offset = 0;
        detail = null;
        return GtpDecodeStatus.Success;
    }

    private static GtpDecodeStatus BuildMessage(
        ReadOnlyMemory<byte> message, GtpPrimeHeader header, in InformationElementSet ies, PrivateExtension? privateExtension,
        out GtpPrimeMessage? decoded, out int offset, out string? detail)
    {
        var span = message.Span;
        decoded = null;
        offset = header.HeaderLength;
        detail = null;
        switch (header.MessageType)
        {
            case GtpPrimeMessageType.EchoRequest:
                decoded = new EchoRequest() { PrivateExtension = privateExtension };
                return GtpDecodeStatus.Success;

            case GtpPrimeMessageType.EchoResponse:
                if (!ies.Recovery.Present)
                {
                    detail = "Recovery (14) missing";
                    return GtpDecodeStatus.MandatoryIeMissing;
                }
                decoded = new EchoResponse(span[ies.Recovery.ValueOffset]) { PrivateExtension = privateExtension };
                return GtpDecodeStatus.Success;

            case GtpPrimeMessageType.VersionNotSupported:
                decoded = new VersionNotSupported() { PrivateExtension = privateExtension };
                return GtpDecodeStatus.Success;

            case GtpPrimeMessageType.NodeAliveRequest:
            {
                var first = ies.NodeAddress.First;
                if (!first.Present)
                {
                    detail = "Node Address (251/254) missing";
                    return GtpDecodeStatus.MandatoryIeMissing;
                }

                var nodeAddress = ReadAddress(span, first);
                if (nodeAddress is null)
                {
                    offset = first.TypeOffset;
                    detail = "Node Address length is not 4 or 16";
                    return GtpDecodeStatus.MandatoryIeIncorrect;
                }

                IPAddress? alternative = null;
                var second = ies.NodeAddress.Second;
                if (second.Present && (alternative = ReadAddress(span, second)) is null)
                {
                    offset = second.TypeOffset;
                    detail = "Alternative Node Address length is not 4 or 16";
                    return GtpDecodeStatus.OptionalIeIncorrect;
                }

                decoded = new NodeAliveRequest(nodeAddress, alternative) { PrivateExtension = privateExtension };
                return GtpDecodeStatus.Success;
            }

            case GtpPrimeMessageType.NodeAliveResponse:
                decoded = new NodeAliveResponse() { PrivateExtension = privateExtension };
                return GtpDecodeStatus.Success;

            case GtpPrimeMessageType.RedirectionRequest:
            {
                if (!ies.Cause.Present)
                {
                    detail = "Cause (1) missing";
                    return GtpDecodeStatus.MandatoryIeMissing;
                }

                IPAddress? recommended = null;
                IPAddress? alternative = null;
                var first = ies.RecommendedNode.First;
                var second = ies.RecommendedNode.Second;
                if (first.Present && (recommended = ReadAddress(span, first)) is null)
                {
                    offset = first.TypeOffset;
                    detail = "Address of Recommended Node length is not 4 or 16";
                    return GtpDecodeStatus.OptionalIeIncorrect;
                }

                if (second.Present && (alternative = ReadAddress(span, second)) is null)
                {
                    offset = second.TypeOffset;
                    detail = "Alternative Address of Recommended Node length is not 4 or 16";
                    return GtpDecodeStatus.OptionalIeIncorrect;
                }

                decoded = new RedirectionRequest((GtpPrimeCause)span[ies.Cause.ValueOffset], recommended, alternative) { PrivateExtension = privateExtension };
                return GtpDecodeStatus.Success;
            }

            case GtpPrimeMessageType.RedirectionResponse:
                if (!ies.Cause.Present)
                {
                    detail = "Cause (1) missing";
                    return GtpDecodeStatus.MandatoryIeMissing;
                }
                decoded = new RedirectionResponse((GtpPrimeCause)span[ies.Cause.ValueOffset]) { PrivateExtension = privateExtension };
                return GtpDecodeStatus.Success;

            case GtpPrimeMessageType.DataRecordTransferRequest:
                return BuildDataRecordTransferRequest(message, header, in ies, privateExtension, out decoded, out offset, out detail);

            case GtpPrimeMessageType.DataRecordTransferResponse:
                if (!ies.Cause.Present)
                {
                    detail = "Cause (1) missing";
                    return GtpDecodeStatus.MandatoryIeMissing;
                }

                if (!ies.RequestsResponded.Present)
                {
                    detail = "Requests Responded (253) missing";
                    return GtpDecodeStatus.MandatoryIeMissing;
                }

                decoded = new DataRecordTransferResponse(
                    (GtpPrimeCause)span[ies.Cause.ValueOffset], ReadSequenceNumbers(span, ies.RequestsResponded))
                { PrivateExtension = privateExtension };
                return GtpDecodeStatus.Success;

            default:
                // ReadFixedHeader admits only the nine types.
                offset = 1;
                detail = "not one of the nine GTP' message types";
                return GtpDecodeStatus.UnknownMessageType;
        }
    }

    /// <summary>PTC M; PTC 1/2 need IE 252, 3 needs IE 250, 4 needs IE 249 (docs/gtp-prime.md §2).</summary>
    private static GtpDecodeStatus BuildDataRecordTransferRequest(
        ReadOnlyMemory<byte> message, GtpPrimeHeader header, in InformationElementSet ies, PrivateExtension? privateExtension,
        out GtpPrimeMessage? decoded, out int offset, out string? detail)
    {
        var span = message.Span;
        decoded = null;
        offset = header.HeaderLength;
        if (!ies.PacketTransferCommand.Present)
        {
            detail = "Packet Transfer Command (126) missing";
            return GtpDecodeStatus.MandatoryIeMissing;
        }

        var command = (PacketTransferCommand)span[ies.PacketTransferCommand.ValueOffset];
        if (command is < PacketTransferCommand.SendDataRecordPacket or > PacketTransferCommand.ReleaseDataRecordPacket)
        {
            offset = ies.PacketTransferCommand.TypeOffset;
            detail = "Packet Transfer Command value is not 1-4";
            return GtpDecodeStatus.MandatoryIeIncorrect;
        }

        // The conditional IE the command needs; the others are decoded when present but not required.
        (bool present, detail) = command switch
        {
            PacketTransferCommand.CancelDataRecordPacket =>
                (ies.CancelledPackets.Present, "Sequence Numbers of Cancelled Packets (250) missing"),
            PacketTransferCommand.ReleaseDataRecordPacket =>
                (ies.ReleasedPackets.Present, "Sequence Numbers of Released Packets (249) missing"),
            _ => (ies.DataRecordPacket.Present, "Data Record Packet (252) missing"),
        };
        if (!present)
        {
            return GtpDecodeStatus.MandatoryIeMissing;
        }

        DataRecordPacket? packet = null;
        if (ies.DataRecordPacket.Present)
        {
            var status = ReadDataRecordPacket(message, ies.DataRecordPacket, out packet, out offset, out detail);
            if (status != GtpDecodeStatus.Success)
            {
                return status;
            }
        }

        var released = ies.ReleasedPackets.Present ? ReadSequenceNumbers(span, ies.ReleasedPackets) : null;
        var cancelled = ies.CancelledPackets.Present ? ReadSequenceNumbers(span, ies.CancelledPackets) : null;
        decoded = new DataRecordTransferRequest(command, packet, released, cancelled) { PrivateExtension = privateExtension };
        detail = null;
        return GtpDecodeStatus.Success;
    }

    /// <summary>
    /// Data Record Packet, IE 252 (docs/gtp-prime.md §3.1). Length 0 is the empty packet <c>FC 00 00</c>.
    /// Otherwise: count, format, application/release, version, the Release Identifier Extension only
    /// when release = 0, then count × (2-octet length + record). Any mismatch is InvalidMessageFormat.
    /// </summary>
    private static GtpDecodeStatus ReadDataRecordPacket(
        ReadOnlyMemory<byte> message, InformationElementLocation element,
        out DataRecordPacket? packet, out int offset, out string? detail)
    {
        packet = null;
        offset = element.TypeOffset;
        if (element.Length == 0)
        {
            packet = DataRecordPacket.EmptyZeroLength;
            detail = null;
            return GtpDecodeStatus.Success;
        }

        var value = message.Span.Slice(element.ValueOffset, element.Length);
        if ((uint)value.Length < DataRecordPacketHeaderLength)
        {
            detail = "Data Record Packet header is incomplete";
            return GtpDecodeStatus.InvalidMessageFormat;
        }

        byte count = value[0];
        byte format = value[1];
        byte application = (byte)(value[2] >> 4);
        byte release = (byte)(value[2] & 0x0F);
        byte version = value[3];
        int position = DataRecordPacketHeaderLength;
        byte? extension = null;
        if (release == 0)
        {
            if ((uint)value.Length <= (uint)position)
            {
                detail = "Release Identifier Extension missing";
                return GtpDecodeStatus.InvalidMessageFormat;
            }

            extension = value[position++];
        }

        var records = count == 0 ? Array.Empty<ReadOnlyMemory<byte>>() : new ReadOnlyMemory<byte>[count];
        for (int i = 0; i < records.Length; i++)
        {
            if ((uint)(value.Length - position) < RecordLengthLength)
            {
                offset = element.ValueOffset + position;
                detail = "fewer records than Number of Data Records";
                return GtpDecodeStatus.InvalidMessageFormat;
            }

            int recordLength = BinaryPrimitives.ReadUInt16BigEndian(value.Slice(position));
            if ((uint)recordLength > (uint)(value.Length - position - RecordLengthLength))
            {
                offset = element.ValueOffset + position;
                detail = "record length overruns the Data Record Packet";
                return GtpDecodeStatus.InvalidMessageFormat;
            }

            position += RecordLengthLength;
            records[i] = message.Slice(element.ValueOffset + position, recordLength);
            position += recordLength;
        }

        if (position != value.Length)
        {
            offset = element.ValueOffset + position;
            detail = "octets after the last record (more records than Number of Data Records?)";
            return GtpDecodeStatus.InvalidMessageFormat;
        }

        packet = new DataRecordPacket(format, application, release, version, extension, records,
            count == 0 ? EmptyPacketForm.ZeroRecords : EmptyPacketForm.None);
        detail = null;
        return GtpDecodeStatus.Success;
    }

    /// <summary>IPv4 (4 octets) or IPv6 (16 octets); null for any other length.</summary>
    private static IPAddress? ReadAddress(ReadOnlySpan<byte> span, InformationElementLocation element)
        => element.Length is 4 or 16 ? new IPAddress(span.Slice(element.ValueOffset, element.Length)) : null;

    /// <summary>n × uint16; the scan has already rejected odd lengths.</summary>
    private static ushort[] ReadSequenceNumbers(ReadOnlySpan<byte> span, InformationElementLocation element)
    {
        int count = element.Length / sizeof(ushort);
        if (count == 0)
        {
            return Array.Empty<ushort>();
        }

        var numbers = new ushort[count];
        var value = span.Slice(element.ValueOffset, element.Length);
        for (int i = 0; i < numbers.Length; i++)
        {
            numbers[i] = BinaryPrimitives.ReadUInt16BigEndian(value.Slice(i * sizeof(ushort)));
        }

        return numbers;
    }
}
