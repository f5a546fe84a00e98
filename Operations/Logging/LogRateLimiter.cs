namespace Operations.Logging;

/// <summary>
/// Decides whether a repeated log line is written: per key (a source, or a peer and a kind of message) at most one
/// line per interval, the next written line carrying how many were suppressed. The table of keys is bounded: when
/// full, the least recently seen key is forgotten (and counted). A global budget of lines per interval keeps a flood
/// of new keys (spoofed sources) from flooding the log. The clock is passed in, so the decisions are tested directly.
/// Thread-safe; one lock, taken only for the events being rate-limited, never on the ingest path of an allowed request.
/// </summary>
public sealed class LogRateLimiter<TKey> where TKey : notnull
{
    private readonly object _gate = new();
    private readonly Dictionary<TKey, LinkedListNode<Entry>> _entries;
    // Most recently seen first: the last node is the one evicted.
    private readonly LinkedList<Entry> _recency = new();
    private readonly int _capacity;
    private readonly long _intervalMs;
    private readonly int _linesPerInterval;
    private long _windowStartMs = long.MinValue;
    private int _linesInWindow;
    private bool _budgetReported;
    private long _evicted;
    private long _suppressed;

    private sealed class Entry(TKey key)
    {
        public readonly TKey Key = key;
        public long Occurrences;
        public long SuppressedSinceLine;
        public long LastLineMs;
        public bool Logged;
    }

    /// <param name="capacity">Most keys remembered.</param>
    /// <param name="interval">Per key, at most one line per this interval.</param>
    /// <param name="linesPerInterval">Most lines in total per interval, whatever the key.</param>
    public LogRateLimiter(int capacity, TimeSpan interval, int linesPerInterval)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(linesPerInterval, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        _capacity = capacity;
        _intervalMs = (long)interval.TotalMilliseconds;
        _linesPerInterval = linesPerInterval;
        _entries = new Dictionary<TKey, LinkedListNode<Entry>>(Math.Min(capacity, 1024));
    }

    /// <summary>Keys remembered now (at most the capacity).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
                return _entries.Count;
        }
    }

    /// <summary>Keys forgotten to make room for a new one, since start.</summary>
    public long Evicted => Interlocked.Read(ref _evicted);

    /// <summary>Lines not written, since start.</summary>
    public long Suppressed => Interlocked.Read(ref _suppressed);

    /// <summary>Counts one occurrence of <paramref name="key"/> at <paramref name="nowMs"/> and says whether to write its line.</summary>
    public LogDecision Record(TKey key, long nowMs)
    {
        lock (_gate)
        {
            var entry = Touch(key);
            entry.Occurrences++;
            if (entry.Logged && nowMs - entry.LastLineMs < _intervalMs)
                return Suppress(entry, budgetReached: false);
            if (!TakeBudget(nowMs))
                return Suppress(entry, budgetReached: !_budgetReported && (_budgetReported = true));
            var decision = new LogDecision(LogVerdict.Write, entry.Occurrences, entry.SuppressedSinceLine);
            entry.Logged = true;
            entry.LastLineMs = nowMs;
            entry.SuppressedSinceLine = 0;
            return decision;
        }
    }

    private LogDecision Suppress(Entry entry, bool budgetReached)
    {
        entry.SuppressedSinceLine++;
        Interlocked.Increment(ref _suppressed);
        return new LogDecision(budgetReached ? LogVerdict.BudgetReached : LogVerdict.Suppress, entry.Occurrences, entry.SuppressedSinceLine);
    }

    private Entry Touch(TKey key)
    {
        if (_entries.TryGetValue(key, out var node))
        {
            if (node != _recency.First)
            {
                _recency.Remove(node);
                _recency.AddFirst(node);
            }
            return node.Value;
        }
        if (_entries.Count >= _capacity)
        {
            var oldest = _recency.Last!;
            _recency.RemoveLast();
            _entries.Remove(oldest.Value.Key);
            Interlocked.Increment(ref _evicted);
        }
        node = _recency.AddFirst(new Entry(key));
        _entries[key] = node;
        return node.Value;
    }

    /// <summary>Fixed windows of one interval; the first line of a window opens it.</summary>
    private bool TakeBudget(long nowMs)
    {
        if (_windowStartMs == long.MinValue || nowMs - _windowStartMs >= _intervalMs)
        {
            _windowStartMs = nowMs;
            _linesInWindow = 0;
            _budgetReported = false;
        }
        if (_linesInWindow >= _linesPerInterval)
            return false;
        _linesInWindow++;
        return true;
    }
}
