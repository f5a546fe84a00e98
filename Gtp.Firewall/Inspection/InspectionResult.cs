using Gtp.Firewall.Gtp;
using Gtp.Firewall.Handover;
using Gtp.Firewall.Packets;

namespace Gtp.Firewall.Inspection;

/// <summary>The engine's answer for one packet.</summary>
public readonly record struct InspectionResult(
    Verdict Verdict,
    DropReason Reason,
    GtpProtocol Protocol,
    byte MessageType,
    uint Teid,
    uint SequenceNumber,
    IpAddress128 Source,
    ushort SourcePort,
    IpAddress128 Destination,
    ushort DestinationPort,
    HandoverDecision Handover,
    /// <summary>GTPv2 piggybacked message type, 0 when none.</summary>
    byte PiggybackedType)
{
    public bool Permitted => Verdict is Verdict.Permit or Verdict.NotGtp;
}
