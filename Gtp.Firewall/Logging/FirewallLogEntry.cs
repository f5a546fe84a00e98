using Gtp.Firewall.Gtp;
using Gtp.Firewall.Handover;
using Gtp.Firewall.Packets;

namespace Gtp.Firewall.Logging;

/// <summary>One system-log event: a drop, a handover message (allowed or denied), or a rate-limit alarm.</summary>
public readonly record struct FirewallLogEntry(
    DateTime Timestamp,
    FirewallLogKind Kind,
    GtpProtocol Protocol,
    byte MessageType,
    IpAddress128 Source,
    ushort SourcePort,
    IpAddress128 Destination,
    ushort DestinationPort,
    DropReason Reason,
    HandoverDecision Handover,
    HandoverBasis HandoverBasis,
    IpAddress128 CurrentNode,
    IpAddress128 ProposedNode,
    ulong Imsi,
    string? Policy)
{
    /// <summary>What a rate-limit line is about ("gsn=ADDRESS", "apn-control=PROFILE/NAME") and the second's count.</summary>
    public string? Detail { get; init; }

    /// <summary>Rate-limit drops of this key not logged since its previous drop line (Junos-style log suppression).</summary>
    public long Suppressed { get; init; }

    /// <summary>RFC 5424 §6.2.1 severity: 4 warning for drops, denied handovers and rate-limit alarms, 6 informational otherwise.</summary>
    public int Severity => Reason != DropReason.None || Handover == HandoverDecision.Denied || Kind == FirewallLogKind.RateLimitAlarm ? 4 : 6;

    public string MessageName => MessageNames.Of(Protocol, MessageType);

    /// <summary>The free-form MSG part.</summary>
    public string Describe()
    {
        var text = Kind switch
        {
            FirewallLogKind.Handover => $"GTP handover {(Handover == HandoverDecision.Denied ? "denied" : "allowed")} ({HandoverBasis}): {ProtocolNames.Of(Protocol)} {MessageName} {Source}:{SourcePort} -> {Destination}:{DestinationPort}",
            FirewallLogKind.RateLimitAlarm => $"GTP rate-limit alarm: {ProtocolNames.Of(Protocol)} {MessageName} {Source}:{SourcePort} -> {Destination}:{DestinationPort}",
            _ => $"GTP drop {Reason}: {ProtocolNames.Of(Protocol)} {MessageName} {Source}:{SourcePort} -> {Destination}:{DestinationPort}",
        };
        if (Detail is not null)
        {
            text += $" {Detail}";
        }
        if (Suppressed > 0)
        {
            text += $" suppressed={Suppressed}";
        }
        if (!CurrentNode.IsNone || !ProposedNode.IsNone)
        {
            text += $" current={CurrentNode} proposed={ProposedNode}";
        }
        if (Imsi != 0)
        {
            text += $" imsi={Gtp.Imsi.Format(Imsi)}";
        }
        if (Policy is not null)
        {
            text += $" policy={Policy}";
        }
        return text;
    }
}
