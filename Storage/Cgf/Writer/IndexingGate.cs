using System.Diagnostics;

namespace Storage.Cgf.Writer;

/// <summary>
/// Whether the writer may index (CdrIndexer) in a gap between batches. Ingest comes first: under saturating load the
/// gaps between group commits are short and every chunk taken there delays the next commit (measured: 50 CDRs per
/// request lost about 15 %). So the writer indexes only while committing ingest took less than
/// <see cref="CgfWriterOptions.IndexBelowIngestShare"/> of its time over the last full window. Used by one thread;
/// times are Stopwatch ticks.
/// </summary>
internal sealed class IndexingGate
{
    /// <summary>The window the share is measured over.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(1);

    private readonly double _belowShare;
    private readonly long _windowTicks;
    private long _windowStart;
    private long _ingestTicks;
    private long _indexTicks;
    private double _ingestShare;

    public IndexingGate(double belowShare, long startTimestamp, long ticksPerSecond = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(belowShare, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(belowShare, 1);
        _belowShare = belowShare;
        _windowTicks = (long)(Window.TotalSeconds * (ticksPerSecond > 0 ? ticksPerSecond : Stopwatch.Frequency));
        _windowStart = startTimestamp;
    }

    /// <summary>The last decision held indexing back: the writer looks again after one window, not a whole maintenance interval.</summary>
    public bool Deferred { get; private set; }

    public void AddIngest(long ticks) => _ingestTicks += ticks;

    public void AddIndexing(long ticks) => _indexTicks += ticks;

    /// <summary>Whether to index now; a window that has passed becomes the one the share is read from.</summary>
    public bool MayIndex(long now)
    {
        var elapsed = now - _windowStart;
        if (elapsed >= _windowTicks)
        {
            _ingestShare = IngestShare(_ingestTicks, _indexTicks, elapsed);
            _ingestTicks = 0;
            _indexTicks = 0;
            _windowStart = now;
        }
        Deferred = _ingestShare >= _belowShare;
        return !Deferred;
    }

    /// <summary>
    /// The share of the writer's time ingest took, of the time it did not spend indexing: time spent indexing is
    /// time ingest could not use, so counting it would read a writer held back by its own indexing as one with spare
    /// capacity and keep it indexing (seen at 1 CDR per request: throughput halved, the writer indexing in every gap).
    /// </summary>
    internal static double IngestShare(long ingestTicks, long indexTicks, long elapsedTicks) =>
        (double)ingestTicks / Math.Max(1, elapsedTicks - indexTicks);
}
