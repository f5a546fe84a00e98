using Gtp.Firewall.Charging;
using Gtp.Firewall.Tunnels;
using Storage.Cdf;
using System.Diagnostics;

namespace Gtp.Firewall.State;

/// <summary>
/// The packet-thread half of the tunnel state (docs/firewall-design.md, "Tunnel state"): restores the table and the
/// open records at start, and after each batch hands the tunnels changed since the last capture to the
/// <see cref="IStateSink"/> — at once when the control plane changed (a tunnel set up, updated or removed), else every
/// <c>CheckpointInterval</c>. Only the changed tunnels are copied; the sink writes them on its own task.
/// </summary>
public sealed class StateCheckpointer
{
    /// <summary>
    /// Changed tunnels copied per batch at most (about 1 µs each, measured): a large table's checkpoint is spread
    /// over batches so no batch waits more than about a millisecond. Per-tunnel consistency is all the state needs
    /// (each row is that tunnel's snapshot, in queue order with its records), so a spread capture is as safe.
    /// </summary>
    public const int MaxRowsPerBatch = 1024;

    private readonly TunnelTable _table;
    private readonly IStateSink _sink;
    private readonly ChargingObserver? _observer;
    private readonly long _intervalTimestamps;
    private readonly List<int> _freed = [];
    private readonly List<int> _changed = [];
    private long _lastCheckpoint;
    // A checkpoint spread over batches is under way (changed tunnels left after the last capture).
    private bool _passing;

    public StateCheckpointer(TunnelTable table, IStateSink sink, ChargingObserver? observer, TimeSpan interval)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(sink);
        _table = table;
        _sink = sink;
        _observer = observer;
        _intervalTimestamps = (long)(interval.TotalSeconds * Stopwatch.Frequency);
        table.TrackChanges = true;
        if (observer is not null)
            observer.PersistState = true;
        _lastCheckpoint = Stopwatch.GetTimestamp();
    }

    /// <summary>Captures written (each one transaction's worth of rows).</summary>
    public long Checkpoints { get; private set; }
    /// <summary>Rows (tunnels written or deleted) in the last capture.</summary>
    public int LastRows { get; private set; }
    /// <summary>Time the last capture took on the packet thread.</summary>
    public TimeSpan LastCaptureTime { get; private set; }
    /// <summary>Captures not taken because the sink's queue was full (retried at the next batch).</summary>
    public long Deferred { get; private set; }

    /// <summary>
    /// Before traffic: the persisted tunnels into the (empty) table, their open records into the observer. Returns the
    /// tunnels restored; false with one line naming the problem (the table must then be dropped).
    /// </summary>
    public bool TryRestore(out int restored, out string? error)
    {
        restored = 0;
        if (!TunnelStateRestore.TryApply(_sink.Load(), _table, out var open, out error))
            return false;
        restored = _table.Count;
        _observer?.Restore(open);
        // Restored tunnels are what the store holds: nothing to write until they change.
        _table.CaptureChanges(_freed, _changed);
        return true;
    }

    /// <summary>Packet thread, after each batch (and on a quiet queue): captures when due.</summary>
    public void AfterBatch()
    {
        var now = Stopwatch.GetTimestamp();
        if (_table.PendingControlChanges > 0 || _passing || now - _lastCheckpoint >= _intervalTimestamps)
            Capture(now, MaxRowsPerBatch);
    }

    /// <summary>Packet thread: captures every live tunnel (graceful stop: nothing counted is left unwritten).</summary>
    public bool CaptureAll()
    {
        _table.MarkAllDirty();
        return Capture(Stopwatch.GetTimestamp(), int.MaxValue);
    }

    /// <summary>Waits until every capture handed over is committed.</summary>
    public Task FlushAsync(CancellationToken cancellationToken = default) => _sink.FlushAsync(cancellationToken);

    private bool Capture(long now, int maxRows)
    {
        // A spilled final record carries its tunnel's deletion: a capture must not overtake it (the slot may be reused).
        if (_observer is { SpilledRecords: > 0 })
        {
            Deferred++;
            return false;
        }
        var started = Stopwatch.GetTimestamp();
        _table.CaptureChanges(_freed, _changed, maxRows);
        // The interval runs from the start of a pass; a pass ends when nothing changed is left.
        if (!_passing)
            _lastCheckpoint = now;
        _passing = _table.PendingChanged > 0;
        if (_freed.Count + _changed.Count == 0)
            return true;
        var rows = new ProducerStateRow[_freed.Count + _changed.Count];
        var n = 0;
        foreach (var slot in _freed)
            rows[n++] = ProducerStateRow.Delete(TunnelStateKeys.Of(slot));
        foreach (var slot in _changed)
        {
            OpenRecordState? open = _observer is not null && _observer.TryGetOpen(_table.IdOf(slot), out var o) ? o : null;
            rows[n++] = new ProducerStateRow(TunnelStateKeys.Of(slot), TunnelStateCodec.Encode(_table, slot, open));
        }
        if (!_sink.TryWrite(rows))
        {
            _table.RequeueChanges(_freed, _changed);
            Deferred++;
            return false;
        }
        Checkpoints++;
        LastRows = rows.Length;
        LastCaptureTime = Stopwatch.GetElapsedTime(started);
        return true;
    }
}
