using System.Text.Json.Serialization;

namespace Gtp.Firewall.Replay;

/// <summary>
/// One GTP packet's verdict as printed and written to JSON by <c>replay</c>. <see cref="Datagram"/> is set on IP
/// fragments: a held fragment's line says BUFFERED, and the line of the fragment that completed or discarded the
/// same datagram carries the verdict all its fragments get inline (docs/firewall-design.md, "Fragments").
/// </summary>
public sealed record VerdictRecord(
    long Index,
    DateTime Time,
    string Source,
    int SourcePort,
    string Destination,
    int DestinationPort,
    string? FromZone,
    string? ToZone,
    string Protocol,
    int MessageType,
    string Message,
    uint Teid,
    uint Sequence,
    string Verdict,
    string? Reason,
    string? Handover,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] uint? Datagram = null)
{
    public string ToLine()
    {
        var zones = FromZone is null && ToZone is null ? "" : $" [{FromZone ?? "-"}->{ToZone ?? "-"}]";
        var text = $"{Index,6} {Time:HH:mm:ss.ffffff} {Source}:{SourcePort} -> {Destination}:{DestinationPort}{zones} {Protocol} {Message} teid=0x{Teid:x8} seq={Sequence} {Verdict}";
        if (Reason is not null)
        {
            text += $" reason={Reason}";
        }
        if (Handover is not null)
        {
            text += $" handover={Handover}";
        }
        if (Datagram is not null)
        {
            text += $" datagram={Datagram}";
        }
        return text;
    }
}
