using Gtp.Firewall.Handover;
using Gtp.Firewall.Logging;
using Gtp.Firewall.Packets;

namespace Gtp.Firewall.Inspection;

public sealed partial class GtpInspectionEngine
{
    /// <summary>
    /// Applies the handover-group decision (reference §3) to a change of serving node from
    /// <paramref name="current"/> to <paramref name="proposed"/>, counts it and writes the handover log line.
    /// </summary>
    private HandoverDecision DecideHandover(IpAddress128 current, IpAddress128 proposed, ulong imsi)
    {
        var decision = HandoverEvaluator.Decide(Profile, Policy.HandoverDefaultPermit, current, proposed, out var basis);
        _handover = decision;
        Counters.CountHandover(decision);
        _log.Write(new FirewallLogEntry(new DateTime(Math.Clamp(_now, 0, DateTime.MaxValue.Ticks), DateTimeKind.Utc), FirewallLogKind.Handover, _protocol, _type,
            _src, _sport, _dst, _dport, DropReason.None, decision, basis, current, proposed, imsi, _rule?.Name));
        return decision;
    }

    /// <summary>
    /// A handover message travels between the old and the new SGSN/MME; which end is old depends on the message
    /// (e.g. SGSN Context Request: new → old; Forward Relocation Request: old → new).
    /// </summary>
    private HandoverDecision DecideHandoverMessage(bool sourceIsOld, ulong imsi)
        => sourceIsOld ? DecideHandover(_src, _dst, imsi) : DecideHandover(_dst, _src, imsi);
}
