using Gtp.Firewall.Handover;
using Gtp.Firewall.Logging;
using Gtp.Firewall.Packets;

namespace Gtp.Firewall.Inspection;

public sealed partial class GtpInspectionEngine
{
    /// <summary>
    /// Applies the handover-group decision (docs/gtp-firewall.md §3) to a change of serving node from
    /// <paramref name="current"/> to <paramref name="proposed"/>, counts it and writes the handover log line.
    /// </summary>
    private HandoverDecision DecideHandover(ref PacketContext p, IpAddress128 current, IpAddress128 proposed, ulong imsi)
    {
        var decision = HandoverEvaluator.Decide(p.Profile, _policy.HandoverDefaultPermit, current, proposed, out var basis);
        p.Handover = decision;
        Counters.CountHandover(decision);
        _log.Write(new FirewallLogEntry(new DateTime(Math.Clamp(_now, 0, DateTime.MaxValue.Ticks), DateTimeKind.Utc), FirewallLogKind.Handover, p.Protocol, p.Type,
            p.Source, p.SourcePort, p.Destination, p.DestinationPort, DropReason.None, decision, basis, current, proposed, imsi, p.Rule?.Name));
        return decision;
    }

    /// <summary>
    /// A handover message travels between the old and the new SGSN/MME; which end is old depends on the message
    /// (e.g. SGSN Context Request: new → old; Forward Relocation Request: old → new).
    /// </summary>
    private HandoverDecision DecideHandoverMessage(ref PacketContext p, bool sourceIsOld, ulong imsi)
        => sourceIsOld ? DecideHandover(ref p, p.Source, p.Destination, imsi) : DecideHandover(ref p, p.Destination, p.Source, imsi);
}
