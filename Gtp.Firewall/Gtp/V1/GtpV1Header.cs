using System.Buffers.Binary;

namespace Gtp.Firewall.Gtp.V1;

/// <summary>
/// GTPv1 header (TS 29.060 §6, TS 29.281 §5.1), shared by GTP-C and GTP-U. Length counts everything after the
/// first 8 octets; if any of E/S/PN is set the 4 optional octets are present; extension headers are walked (§5.2).
/// </summary>
public readonly struct GtpV1Header
{
    public const int MandatoryLength = 8;
    public const byte FlagExtension = 0x04;
    public const byte FlagSequence = 0x02;
    public const byte FlagNPdu = 0x01;
    private const byte ProtocolTypeBit = 0x10;

    public byte Flags { get; init; }
    public byte MessageType { get; init; }
    public ushort Length { get; init; }
    public uint Teid { get; init; }
    public ushort SequenceNumber { get; init; }
    /// <summary>Mandatory + optional octets + extension headers: where the IEs / T-PDU start.</summary>
    public int HeaderLength { get; init; }
    public int MessageLength => MandatoryLength + Length;
    public bool HasSequence => (Flags & FlagSequence) != 0;

    /// <summary>Peeks the fixed octets only: type (octet 2), length and TEID (octets 5-8), no extension walk.</summary>
    public static DropReason TryRead(ReadOnlySpan<byte> datagram, out GtpV1Header header)
    {
        header = default;
        if (datagram.Length < MandatoryLength)
        {
            return DropReason.GtpHeaderMalformed;
        }
        var flags = datagram[0];
        if ((flags >> 5) != 1)
        {
            return DropReason.UnsupportedVersion;
        }
        if ((flags & ProtocolTypeBit) == 0)
        {
            return DropReason.GtpHeaderMalformed;
        }
        var length = BinaryPrimitives.ReadUInt16BigEndian(datagram.Slice(2));
        if (MandatoryLength + length != datagram.Length)
        {
            return DropReason.GtpLengthMismatch;
        }
        var headerLength = MandatoryLength;
        ushort sequence = 0;
        if ((flags & (FlagExtension | FlagSequence | FlagNPdu)) != 0)
        {
            if (length < 4)
            {
                return DropReason.GtpHeaderMalformed;
            }
            sequence = BinaryPrimitives.ReadUInt16BigEndian(datagram.Slice(8));
            headerLength = 12;
            if ((flags & FlagExtension) != 0)
            {
                var next = datagram[11];
                while (next != 0)
                {
                    // §5.2.1: length in 4-octet units, including the length and next-type octets; 0 is invalid.
                    if ((uint)headerLength >= (uint)datagram.Length)
                    {
                        return DropReason.ExtensionHeaderMalformed;
                    }
                    var extLength = datagram[headerLength] * 4;
                    if (extLength == 0 || headerLength + extLength > datagram.Length)
                    {
                        return DropReason.ExtensionHeaderMalformed;
                    }
                    next = datagram[headerLength + extLength - 1];
                    headerLength += extLength;
                }
            }
        }
        header = new GtpV1Header
        {
            Flags = flags,
            MessageType = datagram[1],
            Length = length,
            Teid = BinaryPrimitives.ReadUInt32BigEndian(datagram.Slice(4)),
            SequenceNumber = sequence,
            HeaderLength = headerLength,
        };
        return DropReason.None;
    }
}
