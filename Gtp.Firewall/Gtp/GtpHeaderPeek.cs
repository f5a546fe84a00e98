using Gtp.Firewall.Gtp.V0;
using System.Buffers.Binary;

namespace Gtp.Firewall.Gtp;

/// <summary>
/// Message type, TEID and sequence number read at their fixed offsets before any validation, so that even a
/// malformed message's verdict and log line name them. Fields the datagram is too short for are 0.
/// </summary>
public readonly record struct GtpHeaderPeek(byte Type, uint Teid, uint Sequence)
{
    public static GtpHeaderPeek Read(GtpProtocol protocol, ReadOnlySpan<byte> payload)
    {
        if (payload.Length < 8)
        {
            return new GtpHeaderPeek(payload.Length > 1 ? payload[1] : (byte)0, 0, 0);
        }
        var type = payload[1];
        switch (protocol)
        {
            // TS 09.60 §6: the v0 sequence number is octets 5-6.
            case GtpProtocol.V0 when payload.Length >= GtpV0Header.Size:
                return new GtpHeaderPeek(type, 0, BinaryPrimitives.ReadUInt16BigEndian(payload.Slice(4)));
            // TS 29.060 §6: TEID in octets 5-8; the sequence number (octets 9-10) exists when E, S or PN is set.
            case GtpProtocol.V1Control or GtpProtocol.V1User:
                var teid = BinaryPrimitives.ReadUInt32BigEndian(payload.Slice(4));
                var sequence = (payload[0] & 0x07) != 0 && payload.Length >= 10 ? BinaryPrimitives.ReadUInt16BigEndian(payload.Slice(8)) : 0u;
                return new GtpHeaderPeek(type, teid, sequence);
            // TS 29.274 §5.1: with T = 1 the TEID is octets 5-8 and the sequence number octets 9-11, else octets 5-7.
            case GtpProtocol.V2Control:
                var hasTeid = (payload[0] & 0x08) != 0;
                if (hasTeid)
                {
                    return payload.Length >= 11
                        ? new GtpHeaderPeek(type, BinaryPrimitives.ReadUInt32BigEndian(payload.Slice(4)), (uint)(payload[8] << 16 | payload[9] << 8 | payload[10]))
                        : new GtpHeaderPeek(type, 0, 0);
                }
                return new GtpHeaderPeek(type, 0, (uint)(payload[4] << 16 | payload[5] << 8 | payload[6]));
            default:
                return new GtpHeaderPeek(type, 0, 0);
        }
    }
}
