using System.Buffers.Binary;
using Gtp.Firewall.Gtp;
using Gtp.Firewall.Packets;

namespace Gtp.Firewall.Inspection;

/// <summary>
/// Batch inspection for high packet rates. With a million tunnels the index and the tunnel records are far larger
/// than the caches, so each G-PDU would wait for two dependent memory loads. The batch loop runs a three-stage
/// pipeline: prefetch the index bucket of packet i + 2·D, look up packet i + D and prefetch its tunnel record,
/// then inspect packet i — the same result as calling <see cref="Inspect(ReadOnlySpan{byte}, long)"/> per packet.
/// </summary>
public sealed partial class GtpInspectionEngine
{
    private const int PrefetchDistance = 4;

    public void InspectBatch(ReadOnlySpan<byte> buffer, ReadOnlySpan<PacketRef> packets, Span<InspectionResult> results)
    {
        for (var i = 0; i < packets.Length; i++)
        {
            var ahead = i + 2 * PrefetchDistance;
            if (ahead < packets.Length && TryPeekGtpU(Slice(buffer, packets[ahead]), out var dst, out var teid))
            {
                Tunnels.PrefetchUserKey(dst, teid);
            }
            var near = i + PrefetchDistance;
            if (near < packets.Length && TryPeekGtpU(Slice(buffer, packets[near]), out dst, out teid))
            {
                Tunnels.PrefetchUserTunnel(dst, teid);
            }
            results[i] = Inspect(Slice(buffer, packets[i]), packets[i].TimestampTicks);
        }
    }

    private static ReadOnlySpan<byte> Slice(ReadOnlySpan<byte> buffer, in PacketRef p)
        => (uint)p.Offset <= (uint)buffer.Length && (uint)p.Length <= (uint)(buffer.Length - p.Offset) ? buffer.Slice(p.Offset, p.Length) : default;

    /// <summary>Peeks (destination, TEID) of an unfragmented IPv4/IPv6 UDP/2152 GTP-U packet without validating it.</summary>
    private static bool TryPeekGtpU(ReadOnlySpan<byte> p, out IpAddress128 destination, out uint teid)
    {
        destination = default;
        teid = 0;
        int udp;
        if (p.Length >= 20 && (p[0] >> 4) == 4)
        {
            udp = (p[0] & 0x0F) * 4;
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
        if (p.Length < udp + 16 || BinaryPrimitives.ReadUInt16BigEndian(p.Slice(udp + 2)) != GtpPorts.User)
        {
            return false;
        }
        teid = BinaryPrimitives.ReadUInt32BigEndian(p.Slice(udp + 12));
        return true;
    }
}
