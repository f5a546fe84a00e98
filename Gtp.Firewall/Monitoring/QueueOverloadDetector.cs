using Operations.Alarms;
using System.Globalization;

namespace Gtp.Firewall.Monitoring;

/// <summary>
/// Decides the queue overload alarm from successive <see cref="QueueSample"/>s (pure; the monitor applies the result).
/// Raised as soon as one interval had packets without a verdict (fail-open passed them, or they were dropped) or the
/// kernel's backlog reached 90 % of the queue length (beyond it fail-open passes packets unseen and uncounted);
/// cleared only after <c>quietSamples</c> intervals in a row without either, so a burst does not flap the alarm.
/// </summary>
public sealed class QueueOverloadDetector
{
    private const double NearlyFull = 0.9;
    private readonly int _quietSamples;
    private QueueSample _previous;
    private int _quiet;

    public QueueOverloadDetector(int quietSamples)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(quietSamples, 1);
        _quietSamples = quietSamples;
    }

    public bool IsRaised { get; private set; }

    /// <param name="reason">What this interval saw (empty when nothing): the alarm's reason when it is raised.</param>
    public AlarmTransition Observe(in QueueSample sample, out string reason)
    {
        var unjudged = Math.Max(0, sample.Unjudged - _previous.Unjudged);
        var dropped = Math.Max(0, sample.KernelDropped - _previous.KernelDropped);
        var overruns = Math.Max(0, sample.Overruns - _previous.Overruns);
        var nearlyFull = sample.MaxLength > 0 && sample.Backlog >= sample.MaxLength * NearlyFull;
        _previous = sample;

        var parts = new List<string>(4);
        if (unjudged > 0)
            parts.Add(sample.FailOpen ? $"{N(unjudged)} packets passed unjudged (fail-open)" : $"{N(unjudged)} packets dropped before inspection");
        if (dropped > 0)
            parts.Add($"{N(dropped)} packets dropped by the kernel at the queue limit");
        if (overruns > 0)
            parts.Add($"{N(overruns)} receive overruns");
        if (nearlyFull)
            parts.Add($"kernel backlog {N(sample.Backlog)} of {N(sample.MaxLength)}");
        reason = string.Join(", ", parts);

        if (parts.Count > 0)
        {
            _quiet = 0;
            if (IsRaised)
                return AlarmTransition.None;
            IsRaised = true;
            return AlarmTransition.Raise;
        }
        if (IsRaised && ++_quiet >= _quietSamples)
        {
            IsRaised = false;
            _quiet = 0;
            return AlarmTransition.Clear;
        }
        return AlarmTransition.None;
    }

    private static string N(long value) => value.ToString(CultureInfo.InvariantCulture);
}
