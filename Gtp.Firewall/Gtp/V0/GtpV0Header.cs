using System.Buffers.Binary;

namespace Gtp.Firewall.Gtp.V0;

/// <summary>The fixed 20-octet GTPv0 header (TS 09.60 §6).</summary>
public readonly struct GtpV0Header
{
    public const int Size = 20;
    private const byte ProtocolTypeBit = 0x10;

    public byte MessageType { get; init; }
    /// <summary>Octets after the 20-octet header.</summary>
    public ushort Length { get; init; }
    public ushort SequenceNumber { get; init; }
    public ushort FlowLabel { get; init; }
    /// <summary>The TID as it appears on the wire (8 octets, TBCD IMSI + NSAPI nibble), big-endian.</summary>
    public ulong Tid { get; init; }

    /// <summary>True when octet 1 has PT = 0, i.e. the datagram is GTP' (TS 32.295 §6.1.1), not GTPv0.</summary>
    public static bool IsGtpPrime(ReadOnlySpan<byte> datagram) => datagram.Length > 0 && (datagram[0] & ProtocolTypeBit) == 0;

    public static DropReason TryRead(ReadOnlySpan<byte> datagram, out GtpV0Header header)
    {
        header = default;
        if (datagram.Length < Size)
        {
            return DropReason.GtpHeaderMalformed;
        }
        if ((datagram[0] >> 5) != 0)
        {
            return DropReason.UnsupportedVersion;
        }
        if ((datagram[0] & ProtocolTypeBit) == 0)
        {
            return DropReason.GtpHeaderMalformed;
        }
        var length = BinaryPrimitives.ReadUInt16BigEndian(datagram.Slice(2));
        if (Size + length != datagram.Length)
        {
            return DropReason.GtpLengthMismatch;
        }
        header = new GtpV0Header
        {
            MessageType = datagram[1],
            Length = length,
            SequenceNumber = BinaryPrimitives.ReadUInt16BigEndian(datagram.Slice(4)),
            FlowLabel = BinaryPrimitives.ReadUInt16BigEndian(datagram.Slice(6)),
            Tid = BinaryPrimitives.ReadUInt64BigEndian(datagram.Slice(12)),
        };
        return DropReason.None;
    }
}
