using Microsoft.Data.Sqlite;
using Storage.Cgf.Ledger;
using Storage.Cgf.Retention;
using System.Collections.Concurrent;
using System.Diagnostics;

namespace Storage.Cgf.Writer;

/// <summary>
/// The single writer of the CGF database. Requests are queued; the writer thread takes everything
/// queued (up to <see cref="CgfWriterOptions.MaxBatchRequests"/>) into one transaction, commits it
/// with synchronous=FULL, and only then reports each request's outcome: group commit.
/// Each request is decided by the <see cref="TransferLedger"/>, whose states (table <c>transfers</c>) become the
/// known ones only after the commit succeeds. <typeparamref name="TRequest"/> is the caller's request type, handed
/// back to its <see cref="ICgfWriterObserver{TRequest}"/> with who to answer and how.
/// </summary>
public sealed class CgfWriter<TRequest> : IDisposable where TRequest : TransferRequest
{
    private readonly CgfWriterOptions _options;
    private readonly ICgfWriterObserver<TRequest> _observer;
    private readonly ConcurrentQueue<TRequest> _queue = new();
    // The writer sleeps on a kernel event, woken only when it said it sleeps: no spinning on 2 cores.
    private readonly AutoResetEvent _wake = new(false);
    private int _sleeping;
    private volatile bool _completing;
    private readonly Thread _thread;
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // Shared with other threads.
    private int _depth;
    private readonly ConcurrentDictionary<string, long> _peerLastSeen = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Peer, string Name), long> _rejected = new();
    private int _rejectedPending;
    private long _cdrsRemoved;
    private long _indexEntriesRemoved;
    private long _quarantineRemoved;
    private long _retentionFailures;

    // Used only by the writer thread.
    private readonly SqliteConnection _connection;
    private readonly WalCheckpointer _checkpointer;
    private readonly CgfWriterStore _store;
    private readonly TransferLedger _ledger = new();
    private readonly PeerCounters _counters;
    private readonly Dictionary<string, int> _peerIds = new(StringComparer.Ordinal);
    private readonly List<string> _newPeers = [];
    private long _nextMaintenanceMs;
    private readonly CdrIndexer? _indexer;
    private readonly IndexingGate _indexingGate;
    private long _nextIndexAttemptMs;
    private readonly CdrRetention? _retention;
    private long _nextRetentionAttemptMs;
    private long _removalCredit;

    public CgfWriter(CgfWriterOptions options, ICgfWriterObserver<TRequest> observer)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxBatchRequests, 1);
        _indexingGate = new IndexingGate(options.IndexBelowIngestShare, Stopwatch.GetTimestamp());
        _options = options;
        _observer = observer;
        _counters = new PeerCounters(options.OutcomeCounterName);
        _connection = CgfDatabase.Open(options.Path);
        _store = new CgfWriterStore(_connection, _counters);
        var budget = SizeBudget.For(options.MaxDatabaseBytes, options.WalRestartBytes);
        if (budget.DatabaseBytes > 0)
            _store.LimitSize(budget.DatabaseBytes, budget.WalRestartBytes);
        LoadState();
        _checkpointer = new WalCheckpointer(_connection, options.Path, budget.WalRestartBytes, options.CheckpointInterval,
            fileLimitBytes: budget.DatabaseBytes > 0 ? budget.WalRestartBytes : 0);
        _nextMaintenanceMs = NowMs();
        _indexer = options.IndexChunk > 0 ? new CdrIndexer(_connection, options.IndexSegmentSpan) : null;
        _retention = options.Retention > TimeSpan.Zero ? new CdrRetention(_connection, options.Retention, options.RetentionChunk) : null;
        _thread = new Thread(Run) { Name = "cgf-writer", IsBackground = true };
        _thread.Start();
    }

    /// <summary>Requests queued and not yet taken into a transaction.</summary>
    public int QueueDepth => Volatile.Read(ref _depth);

    /// <summary>CDRs retention removed in this run (<see cref="CgfWriterOptions.Retention"/>).</summary>
    public long CdrsRemoved => Interlocked.Read(ref _cdrsRemoved);

    /// <summary>Lookup-table entries retention removed in this run.</summary>
    public long IndexEntriesRemoved => Interlocked.Read(ref _indexEntriesRemoved);

    /// <summary>Quarantined records retention removed in this run.</summary>
    public long QuarantineRemoved => Interlocked.Read(ref _quarantineRemoved);

    /// <summary>Retention chunks that failed (tried again a maintenance interval later).</summary>
    public long RetentionFailures => Interlocked.Read(ref _retentionFailures);

    /// <summary>Completes when the writer has drained its queue after <see cref="Complete"/>.</summary>
    public Task Stopped => _stopped.Task;

    /// <summary>Queues a request; false once the writer is completing.</summary>
    public bool TryEnqueue(TRequest request)
    {
        if (_completing)
            return false;
        request.EnqueuedTimestamp = Stopwatch.GetTimestamp();
        Interlocked.Increment(ref _depth);
        _queue.Enqueue(request);
        if (Volatile.Read(ref _sleeping) == 1 && Interlocked.Exchange(ref _sleeping, 0) == 1)
            Wake();
        return true;
    }

    /// <summary>
    /// Counts a Data Record Transfer Request answered without reaching the ledger (malformed, or refused in overload)
    /// under its peer, so that the status report shows every peer that sent anything. Written with the next batch, or
    /// on its own when none is queued. <paramref name="kind"/> is null when the request could not be decoded.
    /// </summary>
    public void CountRejected(string peer, TransferKind? kind, string causeName)
    {
        _rejected.AddOrUpdate((peer, kind is { } k ? PeerCounters.KindName(k) : PeerCounters.MalformedName), 1, static (_, v) => v + 1);
        _rejected.AddOrUpdate((peer, causeName), 1, static (_, v) => v + 1);
        Volatile.Write(ref _rejectedPending, 1);
        if (Volatile.Read(ref _sleeping) == 1 && Interlocked.Exchange(ref _sleeping, 0) == 1)
            Wake();
    }

    private void Wake()
    {
        try
        {
            _wake.Set();
        }
        catch (ObjectDisposedException)
        {
            // The writer already stopped.
        }
    }

    /// <summary>No more requests: the writer commits what is queued, then stops.</summary>
    public void Complete()
    {
        _completing = true;
        Wake();
    }

    /// <summary>Peers (address text) with a Data Record Transfer Request committed since <paramref name="sinceMs"/>.</summary>
    public IReadOnlyList<string> PeersActiveSince(long sinceMs) =>
        _peerLastSeen.Where(p => p.Value >= sinceMs).Select(p => p.Key).ToList();

    public void Dispose()
    {
        Complete();
        _thread.Join();
    }

    private void Run()
    {
        var batch = new List<TRequest>(Math.Min(_options.MaxBatchRequests, 4096));
        var backoff = TimeSpan.Zero;
        try
        {
            while (true)
            {
                batch.Clear();
                while (batch.Count < _options.MaxBatchRequests && _queue.TryDequeue(out var request))
                    batch.Add(request);

                if (batch.Count == 0)
                {
                    if (_completing)
                    {
                        CommitRejected();
                        break;
                    }
                    RunMaintenanceIfDue();
                    if (Volatile.Read(ref _rejectedPending) == 1)
                    {
                        CommitRejected();
                        continue;
                    }
                    if (RemoveWhileIdle() || IndexWhileIdle())
                        continue;
                    // Announce the sleep, then look once more so an enqueue in between is not missed. Indexing held
                    // back by load is looked at again after one share window, not a whole maintenance interval.
                    Volatile.Write(ref _sleeping, 1);
                    if (_queue.IsEmpty && !_completing && Volatile.Read(ref _rejectedPending) == 0)
                        _wake.WaitOne(_indexingGate.Deferred && _options.MaintenanceInterval > IndexingGate.Window ? IndexingGate.Window : _options.MaintenanceInterval);
                    Volatile.Write(ref _sleeping, 0);
                    continue;
                }

                Interlocked.Add(ref _depth, -batch.Count);
                var committed = CommitBatch(batch);
                // After the batch is answered, never inside its commit.
                _checkpointer.FinishIfDue();
                backoff = committed ? TimeSpan.Zero : CommitBackoff.Next(backoff);
                if (backoff > TimeSpan.Zero)
                    Thread.Sleep(backoff);
                else
                    KeepRemovalPace(batch);
                RunMaintenanceIfDue();
            }
        }
        finally
        {
            _store.Dispose();
            // Its connection first: the writer's close is then the last, which checkpoints and removes the WAL.
            _checkpointer.Dispose();
            _connection.Dispose();
            _wake.Dispose();
            _stopped.TrySetResult();
        }
    }

    /// <summary>
    /// Nothing queued: fill the CDR lookup tables by one short chunk (CdrIndexer) and return true, so the loop
    /// looks at the queue again before the next chunk. As the only writer this thread never waits for the SQLite
    /// lock behind an indexer, and it indexes only while ingest leaves it spare time (<see cref="IndexingGate"/>).
    /// On failure, tries again a maintenance interval later.
    /// </summary>
    private bool IndexWhileIdle()
    {
        if (_indexer is null || !MayWorkWhileIdle(_nextIndexAttemptMs))
            return false;
        var covered = RunBesideIngest(() => _indexer.IndexNext(_options.IndexChunk));
        if (covered is null)
            _nextIndexAttemptMs = NowMs() + (long)_options.MaintenanceInterval.TotalMilliseconds;
        return covered > 0;
    }

    /// <summary>
    /// Nothing queued: removes one retention chunk (CdrRetention) and returns true when it removed anything, so the
    /// loop looks at the queue before the next one. Held back by load as indexing is; a busy writer keeps pace in
    /// <see cref="KeepRemovalPace"/>.
    /// </summary>
    private bool RemoveWhileIdle() => _retention is not null && MayWorkWhileIdle(_nextRetentionAttemptMs) && RemoveOnce();

    /// <summary>
    /// A writer kept busy has no idle gaps, yet what it stores must leave at the rate it arrives or the disk fills: each
    /// committed CDR earns a row of removal, and a chunk runs between two batches once a chunk's worth is earned (its
    /// cost, about 1.3 µs a row plus the lookup entries, is then a small share of what ingesting the rows cost).
    /// </summary>
    private void KeepRemovalPace(List<TRequest> batch)
    {
        if (_retention is null)
            return;
        foreach (var request in batch)
            _removalCredit += request.Records.Count;
        if (_removalCredit < _options.RetentionChunk || NowMs() < _nextRetentionAttemptMs)
            return;
        _removalCredit = 0;
        RemoveOnce();
    }

    private const long RetentionPollMs = 1000;

    private bool MayWorkWhileIdle(long nextAttemptMs) =>
        QueueDepth == 0 && _queue.IsEmpty && NowMs() >= nextAttemptMs && _indexingGate.MayIndex(Stopwatch.GetTimestamp());

    /// <summary>One retention chunk; counts what it removed, or the failure (tried again a maintenance interval later).</summary>
    private bool RemoveOnce()
    {
        if (_retention is null)
            return false;
        var step = RunBesideIngest(() => _retention.RemoveNext(NowMs()));
        if (step is not { } removed)
        {
            Interlocked.Increment(ref _retentionFailures);
            _nextRetentionAttemptMs = NowMs() + (long)_options.MaintenanceInterval.TotalMilliseconds;
            return false;
        }
        // Nothing due: look again a second later (a look costs a few page reads).
        if (!removed.RemovedAny)
            _nextRetentionAttemptMs = NowMs() + Math.Min(RetentionPollMs, (long)_options.MaintenanceInterval.TotalMilliseconds);
        Interlocked.Add(ref _cdrsRemoved, removed.Cdrs);
        Interlocked.Add(ref _indexEntriesRemoved, removed.IndexEntries);
        Interlocked.Add(ref _quarantineRemoved, removed.Quarantined);
        return removed.RemovedAny;
    }

    /// <summary>
    /// Runs work that writes only derived or already-exported data between two ingest transactions; null when it
    /// failed. Its commit need not wait for fsync: losing it to a power failure only means doing it again, and the
    /// next ingest commit (FULL) syncs the WAL.
    /// </summary>
    private T? RunBesideIngest<T>(Func<T> work) where T : struct
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            SqliteDatabase.Execute(_connection, "PRAGMA synchronous=NORMAL;");
            return work();
        }
        catch (Exception exception) when (exception is SqliteException or IOException or InvalidOperationException)
        {
            return null;
        }
        finally
        {
            // Not caught: a writer that cannot make its commits durable again must not acknowledge anything.
            SqliteDatabase.Execute(_connection, "PRAGMA synchronous=FULL;");
            _indexingGate.AddIndexing(Stopwatch.GetTimestamp() - started);
        }
    }

    private bool CommitBatch(List<TRequest> batch)
    {
        var started = Stopwatch.GetTimestamp();
        var committed = false;
        _ledger.Discard();
        _counters.Clear();
        var rejected = TakeRejected();
        SqliteTransaction? transaction = null;
        try
        {
            EnsurePeers(batch.Select(r => r.Peer).Concat(rejected.Select(r => r.Key.Peer)));
            transaction = _connection.BeginTransaction();
            var now = NowMs();
            _store.NowMs = now;
            foreach (var request in batch)
            {
                var peerId = _peerIds[request.Peer];
                request.Outcome = _ledger.Apply(peerId, request, _store);
                _counters.AddRequest(peerId, request.Kind, request.Outcome, now);
            }
            AddRejected(rejected, now);
            _store.WriteCounters();
            transaction.Commit();
            committed = true;
            _ledger.Commit();
            foreach (var request in batch)
                _peerLastSeen[request.Peer] = now;
        }
        catch (Exception exception) when (exception is SqliteException or IOException or InvalidOperationException)
        {
            // Disk full, I/O error, locked file: nothing of this batch is acknowledged; the known states are untouched.
            TryRollback(transaction);
            _ledger.Discard();
            foreach (var request in batch)
                request.Outcome = TransferOutcome.NotStored;
            _observer.OnStorageError(exception);
        }
        finally
        {
            transaction?.Dispose();
        }
        _indexingGate.AddIngest(Stopwatch.GetTimestamp() - started);
        _observer.OnBatchCompleted(batch, Stopwatch.GetElapsedTime(started), committed);
        return committed;
    }

    /// <summary>The rejected-request counts gathered since the last take; a count added meanwhile stays for the next.</summary>
    private List<KeyValuePair<(string Peer, string Name), long>> TakeRejected()
    {
        Volatile.Write(ref _rejectedPending, 0);
        var taken = new List<KeyValuePair<(string Peer, string Name), long>>();
        foreach (var key in _rejected.Keys)
        {
            if (_rejected.TryRemove(key, out var count))
                taken.Add(new(key, count));
        }
        return taken;
    }

    private void AddRejected(List<KeyValuePair<(string Peer, string Name), long>> rejected, long nowMs)
    {
        foreach (var ((peer, name), count) in rejected)
            _counters.Add(_peerIds[peer], name, count, nowMs);
    }

    /// <summary>Rejected requests counted while nothing else is queued: their counters in a transaction of their own.</summary>
    private void CommitRejected()
    {
        var rejected = TakeRejected();
        if (rejected.Count == 0)
            return;
        _counters.Clear();
        SqliteTransaction? transaction = null;
        try
        {
            EnsurePeers(rejected.Select(r => r.Key.Peer));
            transaction = _connection.BeginTransaction();
            AddRejected(rejected, NowMs());
            _store.WriteCounters();
            transaction.Commit();
        }
        catch (Exception exception) when (exception is SqliteException or IOException or InvalidOperationException)
        {
            // Counters only: nothing was acknowledged on them, so they are dropped rather than retried.
            TryRollback(transaction);
            _observer.OnStorageError(exception);
        }
        finally
        {
            transaction?.Dispose();
            _counters.Clear();
        }
    }

    /// <summary>Commits pending packets older than the hold time with the possibly-duplicate flag.</summary>
    private void RunMaintenanceIfDue()
    {
        var now = NowMs();
        if (now < _nextMaintenanceMs)
            return;
        _nextMaintenanceMs = now + (long)_options.MaintenanceInterval.TotalMilliseconds;
        var expired = _ledger.HeldSince(now - (long)_options.PossiblyDuplicateHoldTime.TotalMilliseconds);
        if (expired.Count == 0)
            return;

        _ledger.Discard();
        SqliteTransaction? transaction = null;
        try
        {
            transaction = _connection.BeginTransaction();
            _store.NowMs = now;
            var cdrs = _ledger.ExpireHeld(expired, _store);
            transaction.Commit();
            _ledger.Commit();
            _observer.OnHoldExpired(expired.Count, cdrs);
        }
        catch (Exception exception) when (exception is SqliteException or IOException or InvalidOperationException)
        {
            TryRollback(transaction);
            _observer.OnStorageError(exception);
        }
        finally
        {
            transaction?.Dispose();
            _ledger.Discard();
        }
    }

    private void EnsurePeers(IEnumerable<string> peers)
    {
        _newPeers.Clear();
        foreach (var peer in peers)
        {
            if (!_peerIds.ContainsKey(peer) && !_newPeers.Contains(peer))
                _newPeers.Add(peer);
        }
        if (_newPeers.Count == 0)
            return;
        foreach (var (peer, id) in _store.AddPeers(_newPeers, NowMs()))
            _peerIds[peer] = id;
    }

    private void LoadState()
    {
        foreach (var (id, address, lastSeen) in _store.ReadPeers())
        {
            _peerIds[address] = (int)id;
            _peerLastSeen[address] = lastSeen;
        }
        _store.LoadTransfers(_ledger);
    }

    private static void TryRollback(SqliteTransaction? transaction)
    {
        try
        {
            transaction?.Rollback();
        }
        catch (Exception exception) when (exception is SqliteException or InvalidOperationException)
        {
            // The connection already rolled back (e.g. SQLITE_FULL aborts the transaction itself).
        }
    }

    private static long NowMs() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
}
