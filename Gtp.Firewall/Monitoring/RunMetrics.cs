using Gtp.Firewall.Diagnostics;
using Gtp.Firewall.Inline;
using Operations.Alarms;
using System.Diagnostics.Metrics;

namespace Gtp.Firewall.Monitoring;

/// <summary>
/// The gauges an operator watches on a running queue, beside the engine's counters (<see cref="FirewallCounters"/>)
/// on the same "Gtp.Firewall" meter: contexts, fragment buffers, the charging backlog, the queue's state and the
/// kernel's view of it. Observed on scrape from <see cref="RunState"/>; nothing is reported before the queue is bound.
/// </summary>
internal sealed class RunMetrics : IDisposable
{
    private readonly Meter _meter = new(FirewallCounters.MeterName);

    public RunMetrics(RunState state, FirewallMonitor monitor, AlarmRegistry alarms)
    {
        _meter.CreateObservableGauge("gtp.firewall.contexts", () => Engine(state, e => e.Tunnels.ContextCount), "{context}",
            "PDP contexts and EPS bearers in the tunnel table");
        _meter.CreateObservableGauge("gtp.firewall.tunnels.limit", () => Engine(state, e => e.Tunnels.MaxTunnels), "{tunnel}",
            "Tunnels the table holds at most");
        _meter.CreateObservableGauge("gtp.firewall.fragments.datagrams", () => Engine(state, e => e.Reassembler.InProgress), "{datagram}",
            "Fragmented datagrams in reassembly");
        _meter.CreateObservableGauge("gtp.firewall.fragments.buffered", () => Engine(state, e => e.Reassembler.BufferedBytes), "By",
            "Bytes of fragments buffered for reassembly");
        _meter.CreateObservableGauge("gtp.firewall.charging.backlog",
            () => One(state.Charging?.Backlog), "{record}",
            "Usage records not yet sent to a CGF");
        _meter.CreateObservableGauge("gtp.firewall.queue.bound", () => state.Queue is null ? 0 : 1,
            description: "1 while the NFQUEUE queue is bound");
        _meter.CreateObservableGauge("gtp.firewall.queue.overloaded", () => alarms.IsActive(FirewallAlarms.QueueOverload) ? 1 : 0,
            description: "1 while the kernel passes (fail-open) or drops packets without a verdict");
        _meter.CreateObservableGauge("gtp.firewall.queue.backlog",
            () => monitor.KernelByQueue.Select(k => new Measurement<long>(k.Statistics.Backlog, QueueTag(k.Queue))), "{packet}",
            "Packets the kernel holds waiting for a verdict, per queue");
        _meter.CreateObservableCounter("gtp.firewall.queue.verdicts", () => Verdicts(state), "{packet}",
            "Verdicts given, per queue");
        _meter.CreateObservableGauge("gtp.firewall.queue.held",
            () => Queues(state).Select(q => new Measurement<int>(q.HeldNow, QueueTag(q.Number))), "{packet}",
            "IP fragments held in the kernel queue until their datagram is judged, per queue");
        _meter.CreateObservableCounter("gtp.firewall.queue.held.released", () => Released(state), "{packet}",
            "Held fragments given their datagram's verdict (accept), or dropped (datagram dropped, discarded, refused, or stop), per queue");
        _meter.CreateObservableCounter("gtp.firewall.queue.unjudged",
            () => Queues(state).Select(q => new Measurement<long>(q.Unjudged, QueueTag(q.Number))), "{packet}",
            "Packets the kernel could not hand over, per queue: passed unjudged with fail-open, dropped otherwise");
    }

    public void Dispose() => _meter.Dispose();

    private static IEnumerable<Measurement<long>> Engine(RunState state, Func<Inspection.GtpInspectionEngine, long> read) =>
        One(state.Engine is { } engine ? read(engine) : null);

    /// <summary>One measurement, or none while there is nothing to measure (no series rather than a false 0).</summary>
    private static IEnumerable<Measurement<long>> One(long? value) =>
        value is { } v ? [new Measurement<long>(v)] : [];

    private static IReadOnlyList<NetfilterQueue> Queues(RunState state) => state.Queue?.Queues ?? [];

    private static KeyValuePair<string, object?> QueueTag(int queue) => new("queue", queue);

    private static IEnumerable<Measurement<long>> Verdicts(RunState state) => PerVerdict(state, q => (q.Accepted, q.Dropped));

    private static IEnumerable<Measurement<long>> Released(RunState state) => PerVerdict(state, q => (q.HeldAccepted, q.HeldDropped));

    private static IEnumerable<Measurement<long>> PerVerdict(RunState state, Func<NetfilterQueue, (long Accepted, long Dropped)> counts) =>
        Queues(state).SelectMany(queue =>
        {
            var (accepted, dropped) = counts(queue);
            return new[]
            {
                new Measurement<long>(accepted, new KeyValuePair<string, object?>("verdict", "accept"), QueueTag(queue.Number)),
                new Measurement<long>(dropped, new KeyValuePair<string, object?>("verdict", "drop"), QueueTag(queue.Number)),
            };
        });
}
