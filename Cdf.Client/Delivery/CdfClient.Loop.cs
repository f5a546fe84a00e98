using Cdf.Client.Diagnostics;
using Charging.GtpPrime;
using Charging.GtpPrime.Messages;
using Storage.Cdf;
using System.Diagnostics;
using System.Net;

namespace Cdf.Client.Delivery;

/// <summary>The turn loop: events, then decisions, then one commit, then that commit's sends.</summary>
public sealed partial class CdfClient
{
    private const int MaxEnqueueBatch = 4096;

    // Used only by the delivery loop.
    // Double-buffered: the loop decides into these while the previous turn's set is being committed.
    private OutboxChanges _changes = new();
    private List<Exchange> _toLaunch = [];
    private List<PendingEnqueue> _committing = [];
    private OutboxChanges _sealedChanges = new();
    private List<Exchange> _sealedLaunches = [];
    private List<PendingEnqueue> _sealedEnqueues = [];
    private Task<bool>? _commit;
    private readonly List<TaskCompletionSource> _drainWaiters = [];
    private long _nextCdrId;

    private sealed record Completion(Exchange Exchange, GtpPrimeMessage? Response, DeliveryFailure Failure);
    private sealed record ResponseEvent(CgfPath Path, GtpPrimeMessage Message, IReadOnlyList<ushort> SequenceNumbers, long ArrivedAt);
    private sealed record NodeAliveEvent(CgfPath Path, IPAddress Node);
    private sealed record RedirectedEvent(CgfPath Path, GtpPrimeCause Cause, IPAddress? Recommended);
    private sealed record WakeEvent;
    private sealed record DrainRequest(TaskCompletionSource Done);

    /// <summary>
    /// Takes waiting enqueues into this turn's transaction (group commit with the loop's own decisions): ids
    /// are given here, the CDRs can be packed at once, and the callers are released after the commit.
    /// </summary>
    private void TakeEnqueues()
    {
        var reader = _enqueues.Reader;
        while (_changes.Enqueued.Count < MaxEnqueueBatch && reader.TryRead(out var pending))
        {
            foreach (var record in pending.Records)
            {
                var cdr = new QueuedCdr(_nextCdrId++, record.ToArray(), pending.RecordFormat);
                _changes.Enqueued.Add(cdr);
                _queue.Enqueue(cdr);
            }
            if (pending.Checkpoint is { } checkpoint)
                _changes.Checkpoints.Add(checkpoint);
            if (pending.ProducerState is { } rows)
                _changes.ProducerState.AddRange(rows);
            _committing.Add(pending);
        }
    }

    /// <summary>After a commit: the enqueued CDRs are durable, their callers may go on.</summary>
    private void ReleaseEnqueuers(List<PendingEnqueue> committed)
    {
        foreach (var pending in committed)
        {
            Interlocked.Add(ref _pendingEnqueues, -pending.Records.Count);
            pending.Done.TrySetResult();
        }
        committed.Clear();
    }

    /// <summary>
    /// The delivery loop: events, then decisions, then one commit, then that commit's sends. The commit is
    /// pipelined: while turn N's transaction is written and fsynced on another thread, the loop already takes
    /// the next events and decides turn N+1 into a second buffer; turn N's requests go on the wire only once
    /// turn N is committed, and turn N+1 is committed only after turn N (one transaction at a time, in order).
    /// </summary>
    private async Task RunAsync()
    {
        var reader = _events.Reader;
        Task<bool>? eventsReady = null;
        while (!_stopping.IsCancellationRequested)
        {
            if (_commit is { IsCompleted: true })
                FinishCommit();
            // Enqueues post a wake-up event too, so waiting for events covers them.
            eventsReady ??= reader.WaitToReadAsync().AsTask();
            if (!eventsReady.IsCompleted)
            {
                var delay = Task.Delay(Tick);
                await (_commit is null ? Task.WhenAny(eventsReady, delay) : Task.WhenAny(eventsReady, delay, _commit)).ConfigureAwait(false);
                if (_commit is { IsCompleted: true })
                    FinishCommit();
            }
            if (eventsReady.IsCompleted)
            {
                if (eventsReady.IsCompletedSuccessfully && !eventsReady.Result)
                    break;
                eventsReady = null;
            }
            var now = Stopwatch.GetTimestamp();
            try
            {
                TakeEnqueues();
                while (reader.TryRead(out var next))
                    Handle(next, now);
                ExpireT3(now);
                Plan(now);
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                // The loop never dies: a bug in one decision must not stop delivery of everything else.
                Log.LoopFailed(_logger, exception);
            }
            if (_commit is null)
                StartCommit();
        }
        // Stopping: what is decided but not yet committed is lost on purpose; the outbox is consistent.
        if (_commit is not null)
        {
            if (await _commit.ConfigureAwait(false))
                ReleaseEnqueuers(_sealedEnqueues);
            _commit = null;
        }
        foreach (var pending in _sealedEnqueues.Concat(_committing))
            pending.Done.TrySetException(new ObjectDisposedException(nameof(CdfClient)));
    }

    /// <summary>Seals this turn's decisions and commits them on another thread (nothing to write: sends at once).</summary>
    private void StartCommit()
    {
        if (_changes.IsEmpty)
        {
            ReleaseEnqueuers(_committing);
            Launch(_toLaunch);
            PublishCounts();
            return;
        }
        (_sealedChanges, _changes) = (_changes, _sealedChanges);
        (_sealedLaunches, _toLaunch) = (_toLaunch, _sealedLaunches);
        (_sealedEnqueues, _committing) = (_committing, _sealedEnqueues);
        var changes = _sealedChanges;
        _commit = Task.Run(() => Commit(changes));
    }

    /// <summary>The sealed turn is durable: release its enqueuers and send its requests. On failure nothing was sent; it is written again.</summary>
    private void FinishCommit()
    {
        var committed = _commit!.Result;
        _commit = null;
        if (!committed)
        {
            var changes = _sealedChanges;
            _commit = Task.Run(async () =>
            {
                await Task.Delay(Tick).ConfigureAwait(false);
                return Commit(changes);
            });
            return;
        }
        _sealedChanges.Clear();
        ReleaseEnqueuers(_sealedEnqueues);
        Launch(_sealedLaunches);
        PublishCounts();
    }

    private bool Commit(OutboxChanges changes)
    {
        try
        {
            _outbox.Apply(changes);
            Interlocked.Increment(ref _commits);
            return true;
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // Nothing was sent for these decisions; the same transaction is written again after a tick.
            Log.OutboxFailed(_logger, exception);
            return false;
        }
    }

    private void Handle(object @event, long now)
    {
        switch (@event)
        {
            case Completion completion:
                switch (completion.Exchange.Kind)
                {
                    case ExchangeKind.TestPacket or ExchangeKind.CancelPredecessor:
                        OnProbeCompleted(completion, now);
                        break;
                    case ExchangeKind.Release or ExchangeKind.Cancel:
                        OnResolutionCompleted(completion, now);
                        break;
                    case ExchangeKind.Echo:
                        OnEchoCompleted(completion, now);
                        break;
                }
                break;
            case ResponseEvent response:
                OnResponse(response, now);
                break;
            case NodeAliveEvent nodeAlive:
                var target = _paths.FirstOrDefault(p => p.Remote.Address.Equals(nodeAlive.Node)) ?? nodeAlive.Path;
                MarkUp(target, "Node Alive");
                break;
            case RedirectedEvent redirected:
                OnRedirected(redirected);
                break;
            case DrainRequest drain:
                _drainWaiters.Add(drain.Done);
                break;
        }
    }

    private void Plan(long now)
    {
        RetryBusy(now);
        CarryStranded(now);
        Probe(now);
        Resolve(now);
        Echo(now);
        SendNew();
        CheckDrained();
    }

    /// <summary>Nothing queued, in flight, uncertain, held or being written (parked requests wait for an operator).</summary>
    private bool IsDrained() =>
        _queue.IsEmpty && Volatile.Read(ref _pendingEnqueues) == 0 && _uncertain.Count == 0 && _held.Count == 0 &&
        !_paths.Any(p => p.Delivery.InFlight.Count != 0) && _changes.IsEmpty && _commit is null;

    private void CheckDrained()
    {
        if (_drainWaiters.Count == 0 || !IsDrained())
            return;
        foreach (var waiter in _drainWaiters)
            waiter.TrySetResult();
        _drainWaiters.Clear();
    }

    private void PublishCounts()
    {
        Volatile.Write(ref _inFlight, _paths.Sum(p => p.Delivery.InFlight.Count));
        Volatile.Write(ref _uncertainCount, _uncertain.Count);
        Volatile.Write(ref _heldCount, _held.Count);
        CheckDrained();
    }
}
