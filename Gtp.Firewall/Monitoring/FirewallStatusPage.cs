using Gtp.Firewall.Configuration;
using Gtp.Firewall.Inline;
using Microsoft.Extensions.Options;
using Operations.Status;
using System.Globalization;

namespace Gtp.Firewall.Monitoring;

/// <summary>
/// The firewall's sections of the status page (the shared page adds readiness and the active alarms above them): the
/// queue, traffic, handovers, tunnels, fragments, messages by verdict, drops by reason, rate limits and charging.
/// </summary>
internal sealed class FirewallStatusPage(IOptions<FirewallOptions> options, RunState state, FirewallMonitor monitor) : IStatusPageContent
{
    public string Title => "Gtp.Firewall run";

    public void Write(StatusPageWriter page)
    {
        var queueOptions = options.Value.Queue;
        var queue = state.Queue;
        var kernel = monitor.Kernel;
        page.Section("Queue").Facts("queue",
        [
            ("NFQUEUE queue", queueOptions.Count == 1 ? N(queueOptions.Number) : $"{N(queueOptions.Number)}-{N(queueOptions.Number + queueOptions.Count - 1)}"),
            ("State", queue is null ? "not bound" : "bound"),
            ("Fail-open", queueOptions.FailOpen ? "on" : "off"),
            ("Accepted", queue is null ? "-" : N(queue.Accepted)),
            ("Dropped", queue is null ? "-" : N(queue.Dropped)),
            ("Passed or dropped unjudged", queue is null ? "-" : N(queue.Unjudged)),
            ("Fragments held", queue is null ? "-" : $"{N(queue.HeldNow)} of {N(queueOptions.MaxHeldFragments)}"),
            ("Kernel backlog", kernel is { } k ? $"{N(k.Backlog)} of {N(queueOptions.MaxLength)}" : "-"),
        ]);
        if (queue is { Queues.Count: > 1 })
        {
            var backlogs = monitor.KernelByQueue.ToDictionary(k => k.Queue, k => k.Statistics.Backlog);
            page.Table("queues", ["Queue", "Accepted", "Dropped", "Unjudged", "Kernel backlog"],
                queue.Queues.Select(q => (IReadOnlyList<string>)[N(q.Number), N(q.Accepted), N(q.Dropped), N(q.Unjudged),
                    backlogs.TryGetValue(q.Number, out var backlog) ? N(backlog) : "-"]));
        }

        if (state.Engine is not { } engine)
        {
            page.Paragraph("The queue has not been bound yet: no traffic inspected.");
            return;
        }
        var counters = engine.Counters.Snapshot();
        page.Section("Traffic").Facts("traffic",
        [
            ("Packets", N(counters.Packets)),
            ("Not GTP", N(counters.NotGtp)),
            ("GTP' passed", N(counters.GtpPrime)),
            ("Handovers allowed", N(counters.HandoverAllowed)),
            ("Handovers denied", N(counters.HandoverDenied)),
        ]);
        page.Section("Tunnels").Facts("tunnels",
        [
            ("Live", N(counters.Tunnels)),
            ("Contexts", N(engine.Tunnels.ContextCount)),
            ("Limit", N(engine.Tunnels.MaxTunnels)),
            ("Created", N(counters.TunnelsCreated)),
            ("Updated", N(counters.TunnelsUpdated)),
            ("Deleted", N(counters.TunnelsDeleted)),
            ("Forwarding tunnels created", N(counters.ForwardingTunnelsCreated)),
        ]);
        page.Section("Fragments").Facts("fragments",
        [
            ("Datagrams in reassembly", $"{N(engine.Reassembler.InProgress)} of {N(engine.Reassembler.MaxDatagrams)}"),
            ("Bytes buffered", $"{N(engine.Reassembler.BufferedBytes)} of {N(engine.Reassembler.MaxBufferedBytes)}"),
            ("Fragments buffered", N(counters.FragmentsBuffered)),
            ("Datagrams reassembled", N(counters.DatagramsReassembled)),
            ("Discarded datagrams remembered", $"{N(engine.Reassembler.Tombstones)} of {N(engine.Reassembler.MaxTombstones)}"),
        ]);
        page.Section("Messages by verdict").Table("messages", ["Version", "Type", "Message", "Permitted", "Dropped"],
            counters.Messages.Select(m => (IReadOnlyList<string>)[m.Version, N(m.Type), m.Name, N(m.Permitted), N(m.Dropped)]));
        page.Section("Drops by reason").Table("drops", ["Reason", "Packets"],
            counters.Drops.OrderByDescending(d => d.Value).ThenBy(d => d.Key, StringComparer.Ordinal)
                .Select(d => (IReadOnlyList<string>)[d.Key, N(d.Value)]));

        page.Section("Rate limits");
        if (engine.RateLimits.Snapshot() is { Count: > 0 } limited)
        {
            // Drops are counted up to each key's last drop line (docs/gtp-firewall.md §7.1).
            page.Table("rate-limits", ["GSN or APN control", "Last second over a threshold (UTC)", "Seconds over alarm", "Drops"],
                limited.Select(e => (IReadOnlyList<string>)[e.Key, e.LastOver.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), N(e.AlarmSeconds), N(e.Drops)]));
        }
        else
        {
            page.Paragraph("No GSN or APN control over a rate-limit threshold.");
        }

        page.Section("Charging");
        if (state.Charging is not { } charging)
        {
            page.Paragraph("off (no CGF configured)");
            return;
        }
        var statistics = charging.Statistics;
        page.Facts("charging",
        [
            ("Records closed", N(statistics.RecordsClosed)),
            ("In the outbox", N(statistics.RecordsInOutbox)),
            ("Acknowledged by a CGF", N(statistics.AcknowledgedByCgf)),
            ("Waiting to be sent", N(charging.Backlog)),
            ("Partials merged", N(statistics.PartialsMerged)),
            ("Lost", N(statistics.RecordsLost)),
        ]);
    }

    private static string N(long value) => value.ToString(CultureInfo.InvariantCulture);
}
