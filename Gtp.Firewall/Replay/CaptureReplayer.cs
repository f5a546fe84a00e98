using Gtp.Firewall.Capture;
using Gtp.Firewall.Gtp;
using Gtp.Firewall.Handover;
using Gtp.Firewall.Inspection;
using System.Text.Json;

namespace Gtp.Firewall.Replay;

/// <summary>
/// Replays a pcap/pcapng file through the engine: each IP packet (Ethernet, raw IP or Linux cooked, via the
/// capture readers) is inspected at its capture timestamp; zones come from the configured networks.
/// One verdict line per GTP packet, then the counters; optionally the same as JSON. A fragment's line names its
/// datagram (<see cref="VerdictRecord.Datagram"/>): BUFFERED until the fragment that completes it, whose verdict is the
/// datagram's; a datagram that never completes is counted at its timeout (FragmentTimeout).
/// </summary>
public sealed class CaptureReplayer(GtpInspectionEngine engine, TextWriter output)
{
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    public ReplaySummary Replay(string capturePath, string? jsonPath = null)
    {
        using var reader = CaptureReader.OpenFile(capturePath);
        return Replay(reader, capturePath, jsonPath);
    }

    /// <summary>Replays from an open reader (the caller has seen its header); <paramref name="capturePath"/> names it in the JSON.</summary>
    public ReplaySummary Replay(CaptureReader reader, string capturePath, string? jsonPath = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        using var jsonFile = jsonPath is null ? null : File.Create(jsonPath);
        using var json = jsonFile is null ? null : new Utf8JsonWriter(jsonFile, new JsonWriterOptions { Indented = true });
        json?.WriteStartObject();
        json?.WriteString("capture", Path.GetFullPath(capturePath));
        json?.WriteStartArray("verdicts");
        long packets = 0, nonIp = 0, inspected = 0;
        while (reader.TryReadNext(out var packet) == CaptureReadStatus.Packet)
        {
            packets++;
            if (!packet.IsIp)
            {
                nonIp++;
                continue;
            }
            var time = DateTime.UnixEpoch.AddTicks(packet.TimestampNanoseconds / 100);
            var result = engine.Inspect(packet.IpPacket.Span, time);
            if (result.Protocol == GtpProtocol.NotGtp && result.Verdict is Verdict.NotGtp)
            {
                continue;
            }
            inspected++;
            var record = Describe(packets, time, result);
            output.WriteLine(record.ToLine());
            if (json is not null)
            {
                JsonSerializer.Serialize(json, record, JsonOptions);
            }
        }
        var snapshot = engine.Counters.Snapshot();
        var error = reader.Error?.ToString();
        output.WriteLine();
        output.WriteLine($"capture: {packets} packets, {nonIp} not IP, {inspected} GTP verdicts{(error is null ? "" : $", stopped: {error}")}");
        output.Write(snapshot.ToText());
        if (json is not null)
        {
            json.WriteEndArray();
            json.WritePropertyName("counters");
            JsonSerializer.Serialize(json, snapshot, JsonOptions);
            json.WritePropertyName("tunnels");
            JsonSerializer.Serialize(json, engine.Tunnels.Enumerate().Select(t => new
            {
                t.Id,
                Kind = t.Kind.ToString(),
                t.Version,
                Imsi = t.ImsiDigits,
                t.Nsapi,
                ServingControl = t.ServingControl.ToString(),
                t.ServingControlTeid,
                ServingUser = t.ServingUser.ToString(),
                t.ServingUserTeid,
                AnchorControl = t.AnchorControl.ToString(),
                t.AnchorControlTeid,
                AnchorUser = t.AnchorUser.ToString(),
                t.AnchorUserTeid,
                EndUser = t.EndUser.ToString(),
                t.Usage,
            }), JsonOptions);
            if (error is not null)
            {
                json.WriteString("captureError", error);
            }
            json.WriteEndObject();
        }
        return new ReplaySummary(packets, nonIp, inspected, snapshot, error);
    }

    private VerdictRecord Describe(long index, DateTime time, in InspectionResult r)
    {
        var policy = engine.Policy;
        var from = policy.ZoneOf(r.Source);
        var to = policy.ZoneOf(r.Destination);
        return new VerdictRecord(
            index,
            time,
            r.Source.ToString(),
            r.SourcePort,
            r.Destination.ToString(),
            r.DestinationPort,
            from < 0 ? null : policy.Zones[from].Name,
            to < 0 ? null : policy.Zones[to].Name,
            r.Verdict == Verdict.Buffered ? "IP" : ProtocolNames.Of(r.Protocol),
            r.MessageType,
            r.Verdict == Verdict.Buffered ? "fragment" : MessageNames.Of(r.Protocol, r.MessageType) + (r.PiggybackedType != 0 ? $" + {MessageNames.Of(r.Protocol, r.PiggybackedType)}" : ""),
            r.Teid,
            r.SequenceNumber,
            r.Verdict.ToString().ToUpperInvariant(),
            r.Reason == DropReason.None ? null : r.Reason.ToString(),
            r.Handover == HandoverDecision.None ? null : r.Handover.ToString(),
            r.Datagram == 0 ? null : r.Datagram);
    }
}
