using Gtp.Firewall.Configuration;
using Gtp.Firewall.Inline;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Operations.Alarms;

namespace Gtp.Firewall.Monitoring;

/// <summary>
/// Samples the running queue, tables and charging once a second, keeps the kernel's queue statistics for the gauges,
/// and applies <see cref="FirewallAlarmDecisions"/> to the alarm registry (which logs each raise and clear).
/// </summary>
internal sealed class FirewallMonitor(IOptions<FirewallOptions> options, RunState state, AlarmRegistry alarms, TimeProvider time)
    : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private readonly FirewallAlarmDecisions _decisions = new(options.Value.Alarms, Interval);
    private KernelQueueStatistics? _kernel;
    private IReadOnlyList<(int Queue, KernelQueueStatistics Statistics)> _kernelByQueue = [];

    /// <summary>
    /// The kernel's statistics of the bound queues at the last sample, or null: drops summed, the backlog the largest
    /// of any one queue (each queue has its own MaxLength).
    /// </summary>
    public KernelQueueStatistics? Kernel => _kernel;

    /// <summary>The kernel's statistics of each bound queue at the last sample.</summary>
    public IReadOnlyList<(int Queue, KernelQueueStatistics Statistics)> KernelByQueue => _kernelByQueue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        alarms.Declare(FirewallAlarms.All);
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            do
            {
                Sample();
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    /// <summary>One sample: read, decide, apply.</summary>
    internal void Sample()
    {
        var queueOptions = options.Value.Queue;
        var queue = state.Queue;
        var byQueue = queue is null ? [] : KernelQueueStatistics.Read(queueOptions.Numbers);
        _kernelByQueue = byQueue;
        var kernel = byQueue.Count == 0 ? (KernelQueueStatistics?)null : KernelQueueStatistics.Combine(byQueue.Select(k => k.Statistics));
        _kernel = kernel;
        QueueSample? queueSample = queue is null
            ? null
            : new QueueSample(queue.Unjudged, kernel?.Dropped ?? 0, queue.Overruns, kernel?.Backlog ?? 0, queueOptions.MaxLength, queueOptions.FailOpen);
        var engine = state.Engine;
        var sample = new FirewallSample(queueSample,
            engine?.Tunnels.Count ?? 0, engine?.Tunnels.MaxTunnels ?? 0,
            engine?.Reassembler.InProgress ?? 0, engine?.Reassembler.MaxDatagrams ?? 0,
            engine?.Reassembler.BufferedBytes ?? 0, engine?.Reassembler.MaxBufferedBytes ?? 0,
            state.Charging?.Backlog ?? 0);
        foreach (var decision in _decisions.Observe(sample))
        {
            alarms.Apply(decision.Transition, decision.Alarm, "", decision.Reason);
        }
    }
}
