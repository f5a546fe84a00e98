using Gtp.Firewall.Gtp;
using Gtp.Firewall.Handover;
using Gtp.Firewall.Packets;

namespace Gtp.Firewall.Logging;

/// <summary>One system-log event: a drop, or a handover message (allowed or denied).</summary>
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
    /// <summary>RFC 5424 §6.2.1 severity: 4 warning for drops and denied handovers, 6 informational otherwise.</summary>
    public int Severity => Reason != DropReason.None || Handover == HandoverDecision.Denied ? 4 : 6;

    public string MessageName => MessageNames.Of(Protocol, MessageType);

    /// <summary>The free-form MSG part.</summary>
    public string Describe()
    {
        var text = Kind == FirewallLogKind.Handover
            ? $"GTP handover {(Handover == HandoverDecision.Denied ? "denied" : "allowed")} ({HandoverBasis}): {ProtocolNames.Of(Protocol)} {MessageName} {Source}:{SourcePort} -> {Destination}:{DestinationPort}"
            : $"GTP drop {Reason}: {ProtocolNames.Of(Protocol)} {MessageName} {Source}:{SourcePort} -> {Destination}:{DestinationPort}";
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
