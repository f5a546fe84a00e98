namespace Gtp.Firewall.Limits;

/// <summary>
/// The GSNs and APN controls that went over a rate-limit threshold most recently, for the status page. Written by
/// the engine only when it logs an alarm or drop line (at most once per second per key), read by the status page
/// from another thread, hence the lock. Holds at most <see cref="Capacity"/> keys; the stalest goes first.
/// </summary>
public sealed class RateLimitActivity
{
    public const int Capacity = 32;

    private readonly Lock _gate = new();
    private readonly List<RateLimitEntry> _entries = new(Capacity);

    /// <summary>Records that <paramref name="key"/> was over its alarm (or drop) threshold in <paramref name="second"/>.</summary>
    public void Record(string key, long second, bool alarm, long drops)
    {
        lock (_gate)
        {
            var i = _entries.FindIndex(e => e.Key == key);
            if (i < 0)
            {
                if (_entries.Count == Capacity)
                {
                    var stalest = 0;
                    for (var j = 1; j < _entries.Count; j++)
                    {
                        stalest = _entries[j].LastSecond < _entries[stalest].LastSecond ? j : stalest;
                    }
                    _entries.RemoveAt(stalest);
                }
                _entries.Add(new RateLimitEntry(key, second, 0, 0));
                i = _entries.Count - 1;
            }
            var e = _entries[i];
            _entries[i] = e with
            {
                LastSecond = Math.Max(e.LastSecond, second),
                AlarmSeconds = e.AlarmSeconds + (alarm ? 1 : 0),
                Drops = e.Drops + drops,
            };
        }
    }

    /// <summary>The keys, most recently over a threshold first, then by drops.</summary>
    public IReadOnlyList<RateLimitEntry> Snapshot()
    {
        lock (_gate)
        {
            return [.. _entries.OrderByDescending(e => e.LastSecond).ThenByDescending(e => e.Drops).ThenBy(e => e.Key, StringComparer.Ordinal)];
        }
    }
}
