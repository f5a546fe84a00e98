using Gtp.Firewall.Gtp;
using Gtp.Firewall.Packets;
using System.Buffers.Binary;

namespace Gtp.Firewall.Filtering;

/// <summary>
/// Reads what the GTP-U checks need from a T-PDU (the user's IP packet) without copying: its addresses, and whether it
/// is itself GTP (UDP to or from 2123, 2152 or 3386). IPv6 extension headers are not walked: a T-PDU whose first next
/// header is not UDP is not GTP-in-GTP.
/// </summary>
public static class InnerPacket
{
    public static bool TryReadAddresses(ReadOnlySpan<byte> tpdu, out IpAddress128 source, out IpAddress128 destination)
    {
        source = destination = default;
        if (tpdu.IsEmpty)
            return false;
        switch (tpdu[0] >> 4)
        {
            case 4 when tpdu.Length >= 20:
                source = IpAddress128.ReadIPv4(tpdu[12..]);
                destination = IpAddress128.ReadIPv4(tpdu[16..]);
                return true;
            case 6 when tpdu.Length >= 40:
                source = IpAddress128.ReadIPv6(tpdu[8..]);
                destination = IpAddress128.ReadIPv6(tpdu[24..]);
                return true;
            default:
                return false;
        }
    }

    public static bool IsGtp(ReadOnlySpan<byte> tpdu)
    {
        ReadOnlySpan<byte> udp;
        if (tpdu.IsEmpty)
            return false;
        switch (tpdu[0] >> 4)
        {
            case 4 when tpdu.Length >= 20:
            {
                var headerLength = (tpdu[0] & 0x0F) * 4;
                // Only the first fragment carries the UDP header.
                var fragmentOffset = BinaryPrimitives.ReadUInt16BigEndian(tpdu[6..]) & 0x1FFF;
                if (tpdu[9] != 17 || fragmentOffset != 0 || headerLength < 20 || tpdu.Length < headerLength + 4)
                    return false;
                udp = tpdu[headerLength..];
                break;
            }
            case 6 when tpdu.Length >= 44:
                if (tpdu[6] != 17)
                    return false;
                udp = tpdu[40..];
                break;
            default:
                return false;
        }
        return IsGtpPort(BinaryPrimitives.ReadUInt16BigEndian(udp)) || IsGtpPort(BinaryPrimitives.ReadUInt16BigEndian(udp[2..]));
    }

    private static bool IsGtpPort(ushort port) => port is GtpPorts.Control or GtpPorts.User or GtpPorts.V0AndPrime;

    /// <summary>
    /// The end-user address check: IPv4 must be equal; IPv6 must share the /64 prefix (TS 23.401 §5.3.1.2.2: the UE
    /// forms its address from the advertised /64). A context without an address (DHCP, 0.0.0.0) cannot be checked.
    /// </summary>
    public static bool MatchesEndUser(IpAddress128 inner, IpAddress128 endUser)
    {
        if (endUser.IsNone || endUser == IpAddress128.FromIPv4(0))
            return true;
        if (endUser.IsIPv4 != inner.IsIPv4)
            return false;
        return endUser.IsIPv4 ? inner == endUser : inner.Hi == endUser.Hi;
    }
}
