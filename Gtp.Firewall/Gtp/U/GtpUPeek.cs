using Gtp.Firewall.Packets;
using System.Buffers.Binary;

namespace Gtp.Firewall.Gtp.U;

/// <summary>
/// Peeks (destination address, TEID) of an unfragmented IPv4/IPv6 UDP/2152 GTP-U packet without validating it:
/// the batch loop prefetches the tunnel this will look up. Only the first IPv6 header is read (no extension headers).
/// </summary>
public static class GtpUPeek
{
    public static bool TryRead(ReadOnlySpan<byte> ipPacket, out IpAddress128 destination, out uint teid)
    {
        var p = ipPacket;
        destination = default;
        teid = 0;
        int udp;
        if (p.Length >= 20 && (p[0] >> 4) == 4)
        {
            udp = (p[0] & 0x0F) * 4;
            // RFC 791: MF flag or a fragment offset means the UDP header may not be here.
            if (p[9] != IpPacketDecoder.ProtocolUdp || (BinaryPrimitives.ReadUInt16BigEndian(p.Slice(6)) & 0x3FFF) != 0)
            {
                return false;
            }
            destination = IpAddress128.ReadIPv4(p.Slice(16));
        }
        else if (p.Length >= 40 && (p[0] >> 4) == 6 && p[6] == IpPacketDecoder.ProtocolUdp)
        {
            udp = 40;
            destination = IpAddress128.ReadIPv6(p.Slice(24));
        }
        else
        {
            return false;
        }
        // UDP destination port at +2; the GTP-U TEID after the 8-octet UDP header and 4 GTP octets.
        if (p.Length < udp + 16 || BinaryPrimitives.ReadUInt16BigEndian(p.Slice(udp + 2)) != GtpPorts.User)
        {
            return false;
        }
        teid = BinaryPrimitives.ReadUInt32BigEndian(p.Slice(udp + 12));
        return true;
    }
}
