using Storage.Cgf.Ledger;
using Storage.Cgf.Retention;
using System.Collections.Concurrent;
using System.Diagnostics;

namespace Storage.Cgf.Writer;

/// <summary>
/// A writer of the CGF database: the only one on SQLite, one of a <see cref="CgfWriterGroup{TRequest}"/> on PostgreSQL,
/// where each keeps the paths of its own CDFs. Requests are queued; the writer thread takes everything
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
    private readonly ICgfWriterBackend _store;
    private TransferLedger _ledger;
    // Ids of the peers whose paths this writer keeps (all of them unless CgfWriterOptions.OwnsPeer says otherwise).
    private readonly HashSet<int> _ownedPeers = [];
    private readonly PeerCounters _counters;
    private readonly Dictionary<string, int> _peerIds = new(StringComparer.Ordinal);
    private readonly List<string> _newPeers = [];
    private long _nextMaintenanceMs;
    private readonly IndexingGate _indexingGate;
    private long _nextIndexAttemptMs;
    private long _nextRetentionAttemptMs;
    private bool _reloadState;
    private readonly List<UInt128> _possiblyDuplicated = [];
    private long _removalCredit;

    public CgfWriter(CgfWriterOptions options, ICgfWriterObserver<TRequest> observer)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxBatchRequests, 1);
        _indexingGate = new IndexingGate(options.IndexBelowIngestShare, Stopwatch.GetTimestamp());
        _options = options;
        _observer = observer;
        _counters = new PeerCounters(options.OutcomeCounterName);
        _ledger = NewLedger();
        _store = options.Location.Provider == StorageProvider.PostgreSql
            ? new PostgreSql.PostgresWriterBackend(options, _counters)
            : new SqliteWriterBackend(options, _counters);
        try
        {
            LoadState();
        }
        catch
        {
            _store.Dispose();
            throw;
        }
        _nextMaintenanceMs = NowMs();
        _thread = new Thread(Run) { Name = options.ThreadName, IsBackground = true };
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
                _store.AfterBatch();
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
        if (!_store.Indexes || !MayWorkWhileIdle(_nextIndexAttemptMs))
            return false;
        var covered = Timed(() => _store.IndexNext(_options.IndexChunk));
        if (covered is null)
            _nextIndexAttemptMs = NowMs() + (long)_options.MaintenanceInterval.TotalMilliseconds;
        return covered > 0;
    }

    /// <summary>
    /// Nothing queued: removes one retention chunk (CdrRetention) and returns true when it removed anything, so the
    /// loop looks at the queue before the next one. Held back by load as indexing is; a busy writer keeps pace in
    /// <see cref="KeepRemovalPace"/>.
    /// </summary>
    private bool RemoveWhileIdle() => _store.Retains && MayWorkWhileIdle(_nextRetentionAttemptMs) && RemoveOnce();

    /// <summary>
    /// A writer kept busy has no idle gaps, yet what it stores must leave at the rate it arrives or the disk fills: each
    /// committed CDR earns a row of removal, and a chunk runs between two batches once a chunk's worth is earned (its
    /// cost, about 1.3 µs a row plus the lookup entries, is then a small share of what ingesting the rows cost).
    /// </summary>
    private void KeepRemovalPace(List<TRequest> batch)
    {
        if (!_store.Retains)
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
        if (!_store.Retains)
            return false;
        var step = Timed(() => _store.RemoveNext(NowMs()));
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

    /// <summary>Work beside ingest (indexing, retention), its time counted against the share ingest leaves it.</summary>
    private T? Timed<T>(Func<T?> work) where T : struct
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            return work();
        }
        finally
        {
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
        var begun = false;
        try
        {
            ReloadStateIfNeeded();
            EnsurePeers(batch.Select(r => r.Peer).Concat(rejected.Select(r => r.Key.Peer)));
            var committedInPool = CommittedInPool(batch);
            _store.Begin();
            begun = true;
            var now = NowMs();
            _store.NowMs = now;
            foreach (var request in batch)
            {
                var peerId = _peerIds[request.Peer];
                request.Outcome = _ledger.Apply(peerId, request, _store, committedInPool);
                _counters.AddRequest(peerId, request.Kind, request.Outcome, now);
            }
            AddRejected(rejected, now);
            _store.WriteCounters();
            _store.Commit();
            committed = true;
            _ledger.Commit();
            // Requests of one peer come in runs (one receive buffer's worth): one write per run, not per request.
            string? previous = null;
            foreach (var request in batch)
            {
                if (!ReferenceEquals(request.Peer, previous))
                    _peerLastSeen[previous = request.Peer] = now;
            }
        }
        catch (Exception exception) when (_store.IsStorageFailure(exception))
        {
            // Disk full, I/O error, locked file, server gone: nothing of this batch is acknowledged; the known states
            // are untouched, or read back from the database when the commit may have happened all the same.
            if (begun)
                _store.Rollback();
            _ledger.Discard();
            _reloadState |= _store.OutcomeUnknownAfterFailure;
            foreach (var request in batch)
                request.Outcome = TransferOutcome.NotStored;
            _observer.OnStorageError(exception);
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
        var begun = false;
        try
        {
            EnsurePeers(rejected.Select(r => r.Key.Peer));
            _store.Begin();
            begun = true;
            AddRejected(rejected, NowMs());
            _store.WriteCounters();
            _store.Commit();
        }
        catch (Exception exception) when (_store.IsStorageFailure(exception))
        {
            // Counters only: nothing was acknowledged on them, so they are dropped rather than retried.
            if (begun)
                _store.Rollback();
            _observer.OnStorageError(exception);
        }
        finally
        {
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
        var begun = false;
        try
        {
            _store.Begin();
            begun = true;
            _store.NowMs = now;
            var cdrs = _ledger.ExpireHeld(expired, _store);
            _store.Commit();
            _ledger.Commit();
            _observer.OnHoldExpired(expired.Count, cdrs);
        }
        catch (Exception exception) when (_store.IsStorageFailure(exception))
        {
            if (begun)
                _store.Rollback();
            _reloadState |= _store.OutcomeUnknownAfterFailure;
            _observer.OnStorageError(exception);
        }
        finally
        {
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
        {
            _peerIds[peer] = id;
            _ownedPeers.Add(id);
        }
    }

    /// <summary>
    /// Contents of this batch's possibly duplicated packets that the pool already committed (a shared store only;
    /// docs/cgf-pool.md). Read before the transaction: a content another CGF commits meanwhile is held pending here,
    /// and the CDF's test packet to that CGF then leads to a Cancel, as TS 32.295 §6.2.4 runs it.
    /// </summary>
    private IReadOnlySet<UInt128>? CommittedInPool(List<TRequest> batch)
    {
        if (!_store.IsShared)
            return null;
        _possiblyDuplicated.Clear();
        foreach (var request in batch)
        {
            if (request.Kind == TransferKind.SendPossiblyDuplicated)
                _possiblyDuplicated.Add(request.ContentHash);
        }
        return _possiblyDuplicated.Count == 0 ? null : _store.CommittedInPool(_possiblyDuplicated);
    }

    /// <summary>After a commit whose outcome is unknown: the known states are read back before anything else is decided.</summary>
    private void ReloadStateIfNeeded()
    {
        if (!_reloadState)
            return;
        var ledger = NewLedger();
        _store.LoadTransfers(ledger);
        _ledger = ledger;
        _reloadState = false;
    }

    private void LoadState()
    {
        foreach (var (id, address, lastSeen) in _store.ReadPeers())
        {
            _peerIds[address] = (int)id;
            if (_options.OwnsPeer?.Invoke(address) == false)
                continue;
            _ownedPeers.Add((int)id);
            _peerLastSeen[address] = lastSeen;
        }
        _store.LoadTransfers(_ledger);
    }

    /// <summary>A ledger that keeps only this writer's peers' states (all of them with one writer).</summary>
    private TransferLedger NewLedger() => _options.OwnsPeer is null ? new TransferLedger() : new TransferLedger(_ownedPeers.Contains);

    private static long NowMs() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
}
