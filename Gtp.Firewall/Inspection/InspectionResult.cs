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
    /// <summary>
    /// The reassembly id of the fragment's datagram (0 for an unfragmented packet): on <see cref="Verdict.Buffered"/>
    /// the datagram the fragment waits for; on any other verdict of a fragment, the verdict of that whole datagram,
    /// which a front end holding its earlier fragments gives them too (docs/firewall-design.md, "Fragments").
    /// </summary>
    public uint Datagram { get; init; }

    public bool Permitted => Verdict is Verdict.Permit or Verdict.NotGtp;
}
