using System.Text;

namespace Gtp.Firewall.Diagnostics;

/// <summary>A point-in-time copy of the engine counters, for printing and JSON.</summary>
public sealed record CountersSnapshot(
    long Packets,
    long NotGtp,
    long GtpPrime,
    long HandoverAllowed,
    long HandoverDenied,
    long FragmentsBuffered,
    long DatagramsReassembled,
    long TunnelsCreated,
    long TunnelsUpdated,
    long TunnelsDeleted,
    long ForwardingTunnelsCreated,
    long SequenceAnomalies,
    long Tunnels,
    IReadOnlyList<MessageCount> Messages,
    IReadOnlyDictionary<string, long> Drops,
    long PolicyReloadsApplied = 0,
    long PolicyReloadsRefused = 0)
{
    public string ToText()
    {
        var sb = new StringBuilder();
        sb.AppendLine($"packets {Packets}, not GTP {NotGtp}, GTP' passed {GtpPrime}");
        sb.AppendLine($"handovers allowed {HandoverAllowed}, denied {HandoverDenied}");
        sb.AppendLine($"tunnels: live {Tunnels}, created {TunnelsCreated}, updated {TunnelsUpdated}, deleted {TunnelsDeleted}, forwarding created {ForwardingTunnelsCreated}");
        sb.AppendLine($"fragments buffered {FragmentsBuffered}, datagrams reassembled {DatagramsReassembled}, G-PDU sequence anomalies {SequenceAnomalies}");
        if (PolicyReloadsApplied + PolicyReloadsRefused > 0)
        {
            sb.AppendLine($"policy reloads: applied {PolicyReloadsApplied}, refused {PolicyReloadsRefused}");
        }
        sb.AppendLine("messages (version, type, permitted, dropped):");
        foreach (var m in Messages)
        {
            sb.AppendLine($"  {m.Version,-8} {m.Type,3} {m.Name,-42} {m.Permitted,10} {m.Dropped,10}");
        }
        sb.AppendLine("drops by reason:");
        foreach (var (reason, count) in Drops.OrderByDescending(d => d.Value))
        {
            sb.AppendLine($"  {reason,-28} {count,10}");
        }
        return sb.ToString();
    }
}
