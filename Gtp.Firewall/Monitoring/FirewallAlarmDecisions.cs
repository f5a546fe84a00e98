using Gtp.Firewall.Configuration;
using Operations.Alarms;
using System.Globalization;

namespace Gtp.Firewall.Monitoring;

/// <summary>
/// The alarm decisions of <c>run</c> (pure: samples in, transitions out; the monitor applies them to the alarm registry).
/// Tunnel table and fragment memory: raise at <see cref="AlarmOptions.NearCapacityPercent"/> of their caps, clear 10
/// points below. Charging backlog: raise at <see cref="AlarmOptions.ChargingBacklog"/> records, clear below half.
/// Queue overload: <see cref="QueueOverloadDetector"/>.
/// </summary>
public sealed class FirewallAlarmDecisions
{
    private const int ClearMarginPercent = 10;
    private readonly QueueOverloadDetector _queue;
    private readonly HysteresisThreshold _tunnels;
    private readonly HysteresisThreshold _fragments;
    private readonly HysteresisThreshold _backlog;

    /// <param name="sampleInterval">How often <see cref="Observe"/> is called (the overload alarm clears after a quiet time).</param>
    public FirewallAlarmDecisions(AlarmOptions options, TimeSpan sampleInterval)
    {
        ArgumentNullException.ThrowIfNull(options);
        var raise = options.NearCapacityPercent / 100.0;
        var clear = (options.NearCapacityPercent - ClearMarginPercent) / 100.0;
        _tunnels = new HysteresisThreshold(raise, clear);
        _fragments = new HysteresisThreshold(raise, clear);
        _backlog = new HysteresisThreshold(options.ChargingBacklog, options.ChargingBacklog / 2.0);
        _queue = new QueueOverloadDetector(Math.Max(1, (int)Math.Ceiling(options.QueueOverloadClearAfter / sampleInterval)));
    }

    public IReadOnlyList<AlarmDecision> Observe(FirewallSample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        var decisions = new List<AlarmDecision>(4);
        if (sample.Queue is { } queue)
        {
            // An unbound queue (stopping, failed) has nothing to judge: the alarm keeps its state until it is bound again.
            decisions.Add(new AlarmDecision(FirewallAlarms.QueueOverload, _queue.Observe(queue, out var reason), reason));
        }

        var tunnelFill = Fill(sample.Tunnels, sample.MaxTunnels);
        decisions.Add(new AlarmDecision(FirewallAlarms.TunnelTableNearCapacity, _tunnels.Observe(tunnelFill),
            $"{N(sample.Tunnels)} tunnels of at most {N(sample.MaxTunnels)} ({Percent(tunnelFill)})"));

        var datagramFill = Fill(sample.FragmentDatagrams, sample.MaxFragmentDatagrams);
        var byteFill = Fill(sample.FragmentBytes, sample.MaxFragmentBytes);
        decisions.Add(new AlarmDecision(FirewallAlarms.FragmentMemoryNearCapacity, _fragments.Observe(Math.Max(datagramFill, byteFill)),
            $"{N(sample.FragmentDatagrams)} of {N(sample.MaxFragmentDatagrams)} datagrams in reassembly ({Percent(datagramFill)}), " +
            $"{N(sample.FragmentBytes)} of {N(sample.MaxFragmentBytes)} bytes ({Percent(byteFill)})"));

        decisions.Add(new AlarmDecision(FirewallAlarms.ChargingBacklog, _backlog.Observe(sample.ChargingBacklog),
            $"{N(sample.ChargingBacklog)} usage records wait for delivery to a CGF"));
        return decisions;
    }

    private static double Fill(long value, long cap) => cap <= 0 ? 0 : (double)value / cap;

    private static string N(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Percent(double fill) => (fill * 100).ToString("0.#", CultureInfo.InvariantCulture) + " %";
}
