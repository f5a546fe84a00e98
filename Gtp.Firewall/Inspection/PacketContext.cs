using Gtp.Firewall.Gtp;
using Gtp.Firewall.Handover;
using Gtp.Firewall.Packets;
using Gtp.Firewall.Policies;

namespace Gtp.Firewall.Inspection;

/// <summary>
/// The state of one packet's inspection: created by the engine's public entry points and passed by reference down
/// the call chain, so no decision reads another packet's fields. It becomes the <see cref="InspectionResult"/>.
/// </summary>
internal struct PacketContext(int fromZone, int toZone)
{
    public IpAddress128 Source;
    public IpAddress128 Destination;
    public ushort SourcePort;
    public ushort DestinationPort;
    public GtpProtocol Protocol;
    /// <summary>The permitting policy, once matched.</summary>
    public PolicyRule? Rule;
    public byte Type;
    public uint Teid;
    public uint Sequence;
    public HandoverDecision Handover;
    /// <summary>The type of a GTPv2 piggybacked message (TS 29.274 §5.5.1), else 0.</summary>
    public byte Piggybacked;

    /// <summary>Zones given by the front end (inline: from the interfaces); -1 = from the addresses.</summary>
    public readonly int FromZone = fromZone;
    public readonly int ToZone = toZone;

    /// <summary>The matched policy's GTP profile, or the default one.</summary>
    public readonly GtpProfile Profile => Rule?.Profile ?? GtpProfile.Default;

    /// <summary>Starts the inspection of a (possibly reassembled) datagram; the front end's zones are kept.</summary>
    public void Begin(IpAddress128 source, IpAddress128 destination, ushort sourcePort, ushort destinationPort, GtpProtocol protocol)
    {
        Source = source;
        Destination = destination;
        SourcePort = sourcePort;
        DestinationPort = destinationPort;
        Protocol = protocol;
        Rule = null;
        Type = 0;
        Teid = 0;
        Sequence = 0;
        Handover = HandoverDecision.None;
        Piggybacked = 0;
    }
}
