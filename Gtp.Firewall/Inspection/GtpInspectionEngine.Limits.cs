using Gtp.Firewall.Gtp;
using Gtp.Firewall.Handover;
using Gtp.Firewall.Limits;
using Gtp.Firewall.Logging;
using System.Runtime.InteropServices;

namespace Gtp.Firewall.Inspection;

/// <summary>
/// The profile limits (docs/gtp-firewall.md): rate limits per destination GSN and per APN control on GTP-C, APN and
/// IMSI-prefix filtering with selection mode, and the per-GSN tunnel limit on creating requests. Windows are keyed
/// by node id (an array) and by APN control (one entry per configured control), so counting allocates nothing.
/// </summary>
public sealed partial class GtpInspectionEngine
{
    private PerSecondWindow[] _gsnWindows = new PerSecondWindow[64];
    private readonly Dictionary<string, PerSecondWindow> _apnWindows = new(StringComparer.Ordinal);

    /// <summary>The keys most recently over a rate-limit threshold (status page).</summary>
    public RateLimitActivity RateLimits { get; } = new();

    /// <summary>
    /// Counts a GTP-C message against the destination GSN's and its APN control's windows, logging each alarm and
    /// drop at most once per second per key. A message dropped by the GSN limit is not counted for its APN.
    /// </summary>
    private DropReason CheckRateLimits(ref PacketContext p, string? apn)
    {
        var limits = p.Profile.Limits;
        if (limits.GsnRateLimit is { } gsn && gsn.Applies(p.Protocol, p.Type))
        {
            var node = Tunnels.Nodes.GetOrAdd(p.Destination);
            if (node > 0)
            {
                if (node >= _gsnWindows.Length)
                {
                    Array.Resize(ref _gsnWindows, Math.Max(node + 1, _gsnWindows.Length * 2));
                }
                ref var window = ref _gsnWindows[node];
                var outcome = window.Hit(_now, gsn.AlarmThreshold, gsn.DropThreshold);
                if (outcome != RateOutcome.Pass && OnRateOutcome(ref p, ref window, outcome, DropReason.GsnRateLimited, null, apn) is var dropped && dropped != DropReason.None)
                {
                    return dropped;
                }
            }
        }
        if (apn is not null && limits.ApnControls.Count > 0 && limits.FindApnControl(apn) is { } control && control.Limit.Applies(p.Protocol, p.Type))
        {
            ref var window = ref CollectionsMarshal.GetValueRefOrAddDefault(_apnWindows, control.Key, out _);
            var outcome = window.Hit(_now, control.Limit.AlarmThreshold, control.Limit.DropThreshold);
            if (outcome != RateOutcome.Pass)
            {
                return OnRateOutcome(ref p, ref window, outcome, DropReason.ApnRateLimited, control, apn);
            }
        }
        return DropReason.None;
    }

    private DropReason OnRateOutcome(ref PacketContext p, ref PerSecondWindow window, RateOutcome outcome, DropReason reason, ApnControl? control, string? apn)
    {
        if ((outcome & (RateOutcome.LogAlarm | RateOutcome.LogDrop)) != 0)
        {
            var detail = control is null ? $"gsn={p.Destination} count={window.Count}" : $"apn-control={control.Key} apn={apn} count={window.Count}";
            var alarm = (outcome & RateOutcome.LogAlarm) != 0;
            long drops = 0;
            if (alarm)
            {
                _log.Write(LogEntry(ref p, FirewallLogKind.RateLimitAlarm, DropReason.None) with { Detail = detail });
            }
            if ((outcome & RateOutcome.LogDrop) != 0)
            {
                var suppressed = window.TakeSuppressed();
                drops = 1 + suppressed;
                _log.Write(LogEntry(ref p, FirewallLogKind.Drop, reason) with { Detail = detail, Suppressed = suppressed });
            }
            RateLimits.Record(control is null ? $"gsn {p.Destination}" : $"apn-control {control.Key}", window.Second, alarm, drops);
        }
        if ((outcome & RateOutcome.Drop) == 0)
        {
            return DropReason.None;
        }
        Counters.CountDrop(reason);
        return reason;
    }

    private FirewallLogEntry LogEntry(ref PacketContext p, FirewallLogKind kind, DropReason reason)
        => new(new DateTime(Math.Clamp(_now, 0, DateTime.MaxValue.Ticks), DateTimeKind.Utc), kind, p.Protocol, p.Type,
            p.Source, p.SourcePort, p.Destination, p.DestinationPort, reason, p.Handover, HandoverBasis.None, default, default, 0, p.Rule?.Name);

    /// <summary>A rate-limit drop: counted and logged by <see cref="CheckRateLimits"/>, so not through <see cref="Drop"/>.</summary>
    private InspectionResult RateLimited(ref PacketContext p, DropReason reason) => Result(ref p, Verdict.Drop, reason);

    /// <summary>
    /// APN/IMSI-prefix filtering of a creating request (docs/gtp-firewall.md). A request without an APN IE (a
    /// secondary context) is not filtered; the Selection Mode IE is read only when a rule needs it.
    /// </summary>
    private DropReason FilterApn(ref PacketContext p, string? apn, ulong imsi, ReadOnlySpan<byte> ies)
    {
        var filter = p.Profile.Limits.ApnFilter;
        if (filter.IsEmpty || apn is null)
        {
            return DropReason.None;
        }
        var mode = SelectionMode.Absent;
        if (filter.NeedsSelectionMode)
        {
            mode = p.Protocol == GtpProtocol.V2Control ? SelectionModeReader.ReadV2(ies) : SelectionModeReader.ReadV1(ies, p.Protocol == GtpProtocol.V0);
        }
        return filter.Decide(apn, imsi, mode).Reason;
    }

    /// <summary>
    /// Junos <c>limit tunnel</c>: a creating request is dropped when its sending node (<paramref name="serving"/>) or
    /// its destination already holds the profile's limit of contexts (docs/gtp-firewall.md, "Tunnel limit per GSN").
    /// </summary>
    private DropReason CheckTunnelLimit(ref PacketContext p, Packets.IpAddress128 serving)
    {
        var limit = p.Profile.Limits.TunnelLimit;
        if (limit <= 0)
        {
            return DropReason.None;
        }
        var nodes = Tunnels.Nodes;
        return nodes.Tunnels(nodes.Find(serving)) >= limit || nodes.Tunnels(nodes.Find(p.Destination)) >= limit
            ? DropReason.GsnTunnelLimit
            : DropReason.None;
    }
}
