namespace Cdf.Tool.Bench;

/// <summary>
/// When request n of a <c>cdf bench --raw --rate</c> flow is due: at the start plus n over the rate (unpaced: at once).
/// What the warm-up fell behind (start-up, JIT) is not carried into the measured window: sent there in a burst it
/// offered 3-8 % more than --rate. So when measuring begins more than <c>maxLag</c> behind, the schedule starts again
/// from then; a deficit within the window is caught up, so the window offers the rate. Times are Stopwatch ticks.
/// </summary>
internal sealed class PaceSchedule(long origin, double? requestsPerSecond, long measureFrom, long maxLag, long frequency)
{
    /// <summary>How far behind its schedule a load may be before the schedule starts again (both modes of cdf bench).</summary>
    public static readonly TimeSpan MaxLag = TimeSpan.FromMilliseconds(20);

    private readonly double _ticksPerRequest = requestsPerSecond is { } rate ? frequency / rate : 0;
    private long _origin = origin;
    private bool _measuring;

    /// <summary>The timestamp request <paramref name="n"/> (from 0) is due at.</summary>
    public long Due(long n) => _origin + (long)(n * _ticksPerRequest);

    /// <summary>Called before sending, with <paramref name="sent"/> requests of the schedule sent so far.</summary>
    public void Before(long now, long sent)
    {
        if (_measuring || now < measureFrom)
            return;
        _measuring = true;
        if (_ticksPerRequest > 0 && now - Due(sent) > maxLag)
            _origin = now - (long)(sent * _ticksPerRequest);
    }
}
