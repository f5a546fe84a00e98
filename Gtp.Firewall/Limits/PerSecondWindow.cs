namespace Gtp.Firewall.Limits;

/// <summary>
/// A message counter over one whole second of packet time (so a replay decides as the live run did). A threshold N
/// lets N messages through per second; message N+1 on is over it. Alarm and drop lines are logged at most once per
/// second per key (Junos logs rate-limited messages the same way); drops not logged are counted in
/// <see cref="Suppressed"/> and reported by the next logged line.
/// </summary>
public struct PerSecondWindow
{
    private long _second;
    private bool _alarmLogged;
    private bool _dropLogged;

    /// <summary>Messages in the current second, including dropped ones.</summary>
    public int Count { get; private set; }

    /// <summary>Drops not logged since the last logged drop line.</summary>
    public long Suppressed { get; private set; }

    /// <summary>The second (packet time, <see cref="TimeSpan.TicksPerSecond"/>) the count belongs to.</summary>
    public readonly long Second => _second;

    /// <summary>Counts one message at <paramref name="nowTicks"/>; a threshold of 0 is off.</summary>
    public RateOutcome Hit(long nowTicks, int alarmThreshold, int dropThreshold)
    {
        var second = nowTicks / TimeSpan.TicksPerSecond;
        if (second != _second || Count == 0)
        {
            _second = second;
            Count = 0;
            _alarmLogged = false;
            _dropLogged = false;
        }
        if (Count < int.MaxValue)
        {
            Count++;
        }
        var outcome = RateOutcome.Pass;
        if (alarmThreshold > 0 && Count > alarmThreshold)
        {
            outcome |= RateOutcome.OverAlarm;
            if (!_alarmLogged)
            {
                _alarmLogged = true;
                outcome |= RateOutcome.LogAlarm;
            }
        }
        if (dropThreshold > 0 && Count > dropThreshold)
        {
            outcome |= RateOutcome.Drop;
            if (!_dropLogged)
            {
                _dropLogged = true;
                outcome |= RateOutcome.LogDrop;
            }
            else
            {
                Suppressed++;
            }
        }
        return outcome;
    }

    /// <summary>The suppressed-drop count for a drop line being logged, restarting it.</summary>
    public long TakeSuppressed()
    {
        var suppressed = Suppressed;
        Suppressed = 0;
        return suppressed;
    }
}
