using System.Buffers.Binary;

namespace Gtp.Firewall.Gtp.V2;

/// <summary>
/// GTPv2-C header (TS 29.274 §5.1): flags (version 2, P, T, MP), type, length (= message octets − 4),
/// TEID when T = 1, 3-octet sequence number, spare/priority.
/// </summary>
public readonly struct GtpV2Header
{
    public const byte FlagPiggyback = 0x10;
    public const byte FlagTeid = 0x08;

    public byte Flags { get; init; }
    public byte MessageType { get; init; }
    public ushort Length { get; init; }
    public bool HasTeid => (Flags & FlagTeid) != 0;
    public bool Piggyback => (Flags & FlagPiggyback) != 0;
    public uint Teid { get; init; }
    public uint SequenceNumber { get; init; }
    public int HeaderLength => HasTeid ? 12 : 8;
    public int MessageLength => Length + 4;

    /// <summary>Reads one message's header at the start of <paramref name="source"/>; the message may be followed by a piggybacked one.</summary>
    public static DropReason TryRead(ReadOnlySpan<byte> source, out GtpV2Header header)
    {
        header = default;
        if (source.Length < 8)
        {
            return DropReason.GtpHeaderMalformed;
        }
        var flags = source[0];
        if ((flags >> 5) != 2)
        {
            return DropReason.UnsupportedVersion;
        }
        var length = BinaryPrimitives.ReadUInt16BigEndian(source.Slice(2));
        var hasTeid = (flags & FlagTeid) != 0;
        var headerLength = hasTeid ? 12 : 8;
        if (length + 4 < headerLength)
        {
            return DropReason.GtpHeaderMalformed;
        }
        if (length + 4 > source.Length)
        {
            return DropReason.GtpLengthMismatch;
        }
        var sequenceOffset = hasTeid ? 8 : 4;
        header = new GtpV2Header
        {
            Flags = flags,
            MessageType = source[1],
            Length = length,
            Teid = hasTeid ? BinaryPrimitives.ReadUInt32BigEndian(source.Slice(4)) : 0,
            SequenceNumber = (uint)(source[sequenceOffset] << 16 | source[sequenceOffset + 1] << 8 | source[sequenceOffset + 2]),
        };
        return DropReason.None;
    }
}
