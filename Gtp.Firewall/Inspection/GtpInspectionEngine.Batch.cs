using Gtp.Firewall.Gtp.U;

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
            if (ahead < packets.Length && GtpUPeek.TryRead(Slice(buffer, packets[ahead]), out var dst, out var teid))
            {
                Tunnels.PrefetchUserKey(dst, teid);
            }
            var near = i + PrefetchDistance;
            if (near < packets.Length && GtpUPeek.TryRead(Slice(buffer, packets[near]), out dst, out teid))
            {
                Tunnels.PrefetchUserTunnel(dst, teid);
            }
            results[i] = Inspect(Slice(buffer, packets[i]), packets[i].TimestampTicks);
        }
    }

    private static ReadOnlySpan<byte> Slice(ReadOnlySpan<byte> buffer, in PacketRef p)
        => (uint)p.Offset <= (uint)buffer.Length && (uint)p.Length <= (uint)(buffer.Length - p.Offset) ? buffer.Slice(p.Offset, p.Length) : default;
}
