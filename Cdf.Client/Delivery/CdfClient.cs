using Cdf.Client.Configuration;
using Cdf.Client.Diagnostics;
using Cdf.Client.Protocol;
using Charging.Cdr;
using Charging.GtpPrime;
using Charging.GtpPrime.Codec;
using Charging.GtpPrime.InformationElements;
using Charging.GtpPrime.Messages;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly.Timeout;
using Storage.Cdf;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Threading.Channels;

namespace Cdf.Client.Delivery;

/// <summary>
/// Delivers CDRs exactly once to a pool of CGFs over GTP' (TS 32.295; reference gtp-prime.md §5).
/// <see cref="EnqueueAsync(ReadOnlyMemory{byte}, CancellationToken)"/> returns once the CDR is durably in
/// the outbox. One delivery loop owns all state: it handles responses and CGF requests as events, decides
/// (failover, test packets, Release/Cancel, new requests), commits its decisions in one outbox
/// transaction, and only then sends. A request is always in the outbox before it goes on the wire, so a
/// CDF restart re-sends it with its original sequence number to the same CGF.
/// </summary>
public sealed class CdfClient : IAsyncDisposable
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(50);
    private const int MaxEnqueueBatch = 4096;
    // Data Record Transfer Request overhead: header 6, PTC 2, IE 252 header 3 + 5 (reference §3.1).
    private const int RequestOverhead = 16;

    private readonly CdfOptions _options;
    private readonly ILogger _logger;
    private readonly CdfOutbox _outbox;
    private readonly List<CgfPath> _paths = [];
    private readonly Channel<object> _events = Channel.CreateUnbounded<object>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Channel<PendingEnqueue> _enqueues = Channel.CreateUnbounded<PendingEnqueue>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentQueue<QueuedCdr> _queue = new();
    private readonly CancellationTokenSource _stopping = new();
    private Task? _loop;
    private byte _restartCounter;
    private int _pendingEnqueues;

    // Used only by the delivery loop.
    // Double-buffered: the loop decides into these while the previous turn's set is being committed.
    private OutboxChanges _changes = new();
    private List<Exchange> _toLaunch = [];
    private List<PendingEnqueue> _committing = [];
    private OutboxChanges _sealedChanges = new();
    private List<Exchange> _sealedLaunches = [];
    private List<PendingEnqueue> _sealedEnqueues = [];
    private Task<bool>? _commit;
    private readonly HashSet<OutboxRequest> _uncertain = [];
    private readonly HashSet<OutboxRequest> _held = [];
    private readonly HashSet<OutboxRequest> _busy = [];
    private readonly Dictionary<OutboxRequest, long> _notBefore = [];
    private readonly HashSet<OutboxRequest> _confirming = [];
    private readonly List<Exchange> _busyRetries = [];
    // T3 of data requests on the wire, in send order: T3 is one constant, so deadlines only grow (a FIFO is the timer wheel).
    private readonly Queue<(long Deadline, Exchange Exchange, long Token)> _t3 = new();
    private readonly long _t3Ticks;
    private readonly int _window;
    private long _lastTimerToken;
    private readonly List<TaskCompletionSource> _drainWaiters = [];
    private long _nextCdrId;
    private CgfPath? _preferred;

    // Statistics: written by the loop, read anywhere.
    private long _acknowledgedCdrs, _acknowledgedRequests, _parkedRequests, _parkedCdrs, _failovers, _released, _cancelled, _retransmissions, _commits;
    private int _inFlight, _uncertainCount, _heldCount;

    private sealed record PendingEnqueue(IReadOnlyList<ReadOnlyMemory<byte>> Records, (string Name, long Value)? Checkpoint, TaskCompletionSource Done);
    private sealed record Completion(Exchange Exchange, GtpPrimeMessage? Response, DeliveryFailure Failure);
    private sealed record ResponseEvent(CgfPath Path, GtpPrimeMessage Message, IReadOnlyList<ushort> SequenceNumbers, long ArrivedAt);
    private sealed record NodeAliveEvent(CgfPath Path, IPAddress Node);
    private sealed record RedirectedEvent(CgfPath Path, GtpPrimeCause Cause, IPAddress? Recommended);
    private sealed record WakeEvent;
    private sealed record DrainRequest(TaskCompletionSource Done);

    public CdfClient(CdfOptions options, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Cgfs.Count == 0)
            throw new ArgumentException("at least one CGF is needed", nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxCdrsPerRequest, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.MaxCdrsPerRequest, byte.MaxValue);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Window, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxCdrsInFlight, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.N3, 1);
        _options = options;
        _t3Ticks = Ticks(options.T3);
        _window = Math.Clamp(options.MaxCdrsInFlight / options.MaxCdrsPerRequest, 1, options.Window);
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Cdf.Client");
        _outbox = new CdfOutbox(options.StatePath);
        try
        {
            for (var i = 0; i < options.Cgfs.Count; i++)
                _paths.Add(new CgfPath(options.Cgfs[i], options, i, _logger));
        }
        catch
        {
            foreach (var path in _paths)
                path.Dispose();
            _outbox.Dispose();
            throw;
        }
    }

    /// <summary>The CGF paths in priority order.</summary>
    public IReadOnlyList<CgfPath> Paths => _paths;

    /// <summary>Raised on the delivery loop for each acknowledged request: its CDR count and first-send→ack latency.</summary>
    public event Action<int, TimeSpan>? Acknowledged;

    /// <summary>Requests in flight per CGF at most: the window, cut by <see cref="CdfOptions.MaxCdrsInFlight"/>.</summary>
    public int EffectiveWindow => _window;

    public int QueuedCdrs => _queue.Count + Volatile.Read(ref _pendingEnqueues);

    public CdfStatistics Statistics => new(
        Interlocked.Read(ref _acknowledgedCdrs), Interlocked.Read(ref _acknowledgedRequests), Interlocked.Read(ref _parkedRequests),
        Interlocked.Read(ref _parkedCdrs), Interlocked.Read(ref _failovers), Interlocked.Read(ref _released),
        Interlocked.Read(ref _cancelled), Interlocked.Read(ref _retransmissions), Interlocked.Read(ref _commits), _queue.Count,
        Volatile.Read(ref _inFlight), Volatile.Read(ref _uncertainCount), Volatile.Read(ref _heldCount));

    public CdfOutboxStatus ReadOutboxStatus() => _outbox.ReadStatus();

    /// <summary>The last checkpoint stored with <paramref name="name"/>, or 0.</summary>
    public long ReadCheckpoint(string name) => _outbox.ReadCheckpoint(name);

    /// <summary>Loads the outbox, opens the paths and starts delivering (in-flight requests first, same numbers).</summary>
    public void Start()
    {
        if (_loop is not null)
            throw new InvalidOperationException("already started");
        _restartCounter = _outbox.IncrementRestartCounter();
        var snapshot = _outbox.Load();
        _nextCdrId = _outbox.NextCdrId;
        foreach (var cdr in snapshot.Queued)
            _queue.Enqueue(cdr);
        foreach (var path in _paths)
        {
            path.NextSequenceNumber = snapshot.NextSequenceNumbers.TryGetValue(path.Name, out var next) ? next : _options.InitialSequenceNumber;
            path.NextEchoAt = Stopwatch.GetTimestamp() + Ticks(_options.EchoInterval);
            path.Start(OnCgfRequest, (p, message, numbers, arrived) => Post(new ResponseEvent(p, message, numbers, arrived)));
            Log.PathOpened(_logger, path.Name, path.LocalEndPoint, path.Endpoint.Tcp ? "tcp" : "udp");
        }
        Restore(snapshot.Requests);
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Returns once the CDR is durably in the outbox (enqueues are group-committed).</summary>
    public Task EnqueueAsync(ReadOnlyMemory<byte> cdr, CancellationToken cancellationToken = default) =>
        EnqueueAsync([cdr], cancellationToken);

    /// <summary>Returns once all <paramref name="cdrs"/> are durably in the outbox, in this order.</summary>
    public Task EnqueueAsync(IReadOnlyList<ReadOnlyMemory<byte>> cdrs, CancellationToken cancellationToken = default) =>
        EnqueueAsync(cdrs, null, cancellationToken);

    /// <summary>
    /// As <see cref="EnqueueAsync(IReadOnlyList{ReadOnlyMemory{byte}}, CancellationToken)"/>, and stores the
    /// producer's <paramref name="checkpoint"/> in the same transaction (read it back with <see cref="ReadCheckpoint"/>).
    /// </summary>
    public Task EnqueueAsync(IReadOnlyList<ReadOnlyMemory<byte>> cdrs, (string Name, long Value)? checkpoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cdrs);
        if (cdrs.Count == 0)
            return Task.CompletedTask;
        var pending = new PendingEnqueue(cdrs, checkpoint, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        Interlocked.Add(ref _pendingEnqueues, cdrs.Count);
        if (!_enqueues.Writer.TryWrite(pending))
        {
            Interlocked.Add(ref _pendingEnqueues, -cdrs.Count);
            throw new ObjectDisposedException(nameof(CdfClient));
        }
        Post(new WakeEvent());
        return pending.Done.Task.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Completes when nothing is queued or in flight and every possibly-duplicated packet is released or
    /// cancelled (parked requests do not count: they wait for an operator).
    /// </summary>
    public Task WaitUntilDrainedAsync(CancellationToken cancellationToken = default)
    {
        var request = new DrainRequest(new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        Post(request);
        return request.Done.Task.WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        _enqueues.Writer.TryComplete();
        // Enqueues already accepted are stored (or failed) by the loop before it stops.
        for (var waited = 0; _loop is { IsCompleted: false } && Volatile.Read(ref _pendingEnqueues) > 0 && waited < 500; waited++)
        {
            Post(new WakeEvent());
            await Task.Delay(10).ConfigureAwait(false);
        }
        _stopping.Cancel();
        _events.Writer.TryComplete();
        if (_loop is not null)
            await _loop.ConfigureAwait(false);
        foreach (var path in _paths)
            path.Dispose();
        _outbox.Dispose();
        _stopping.Dispose();
    }

    private void Post(object @event) => _events.Writer.TryWrite(@event);

    /// <summary>
    /// Takes waiting enqueues into this turn's transaction (group commit with the loop's own decisions): ids
    /// are given here, the CDRs can be packed at once, and the callers are released after the commit.
    /// </summary>
    private void TakeEnqueues()
    {
        var reader = _enqueues.Reader;
        var now = DateTimeOffset.UtcNow;
        while (_changes.Enqueued.Count < MaxEnqueueBatch && reader.TryRead(out var pending))
        {
            foreach (var record in pending.Records)
            {
                var cdr = new QueuedCdr(_nextCdrId++, record.ToArray());
                _changes.Enqueued.Add(cdr);
                _queue.Enqueue(cdr);
            }
            if (pending.Checkpoint is { } checkpoint)
                _changes.Checkpoints.Add(checkpoint);
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
            Log.OutboxFailed(_logger, exception.Message);
            return false;
        }
    }

    /// <summary>After the commit: data requests go on the wire from the loop, the rare control exchanges through Polly.</summary>
    private void Launch(List<Exchange> launches)
    {
        var now = Stopwatch.GetTimestamp();
        foreach (var exchange in launches)
        {
            if (exchange.Kind != ExchangeKind.Data)
                _ = RunExchangeAsync(exchange);
            // Decided before its CGF was marked down (while the commit ran): it is uncertain now and fails over.
            else if (exchange.Path.InFlight.Contains(exchange))
                Transmit(exchange, now, 1);
        }
        launches.Clear();
    }

    private void Transmit(Exchange exchange, long now, int transmission)
    {
        if (transmission == 1)
        {
            exchange.StartedTimestamp = now;
            exchange.Path.Outstanding[exchange.SequenceNumber] = exchange;
        }
        exchange.Transmission = transmission;
        exchange.TimerToken = ++_lastTimerToken;
        _t3.Enqueue((now + _t3Ticks, exchange, exchange.TimerToken));
        exchange.Path.Send(exchange.Message);
    }

    /// <summary>T3 over for data requests: the same bytes again, or after N3 transmissions the CGF is down (TS 29.060 §7.6).</summary>
    private void ExpireT3(long now)
    {
        while (_t3.TryPeek(out var timer) && timer.Deadline <= now)
        {
            _t3.Dequeue();
            var exchange = timer.Exchange;
            // Stale: answered, failed over, or sent again since (a 199 retry starts a new series).
            if (exchange.TimerToken != timer.Token ||
                !exchange.Path.Outstanding.TryGetValue(exchange.SequenceNumber, out var current) || !ReferenceEquals(current, exchange))
                continue;
            if (exchange.Transmission < _options.N3)
            {
                Interlocked.Increment(ref _retransmissions);
                Transmit(exchange, now, exchange.Transmission + 1);
                continue;
            }
            exchange.Path.Outstanding.Remove(exchange.SequenceNumber);
            OnDataCompleted(exchange, null, DeliveryFailure.TimedOut, now, now);
        }
    }

    /// <summary>A response no control exchange waited for: the data requests it answers.</summary>
    private void OnResponse(ResponseEvent response, long now)
    {
        foreach (var sequenceNumber in response.SequenceNumbers)
        {
            if (response.Path.Outstanding.Remove(sequenceNumber, out var exchange))
                OnDataCompleted(exchange, response.Message, DeliveryFailure.None, now, response.ArrivedAt);
            else
                Log.UnexpectedResponse(_logger, response.Path.Name, response.Message.MessageType.ToString(), sequenceNumber);
        }
    }

    private async Task RunExchangeAsync(Exchange exchange)
    {
        exchange.StartedTimestamp = Stopwatch.GetTimestamp();
        GtpPrimeMessage? response = null;
        var failure = DeliveryFailure.None;
        try
        {
            response = await exchange.Path.RequestAsync(exchange.SequenceNumber, exchange.Message, _stopping.Token).ConfigureAwait(false);
        }
        catch (TimeoutRejectedException)
        {
            failure = DeliveryFailure.TimedOut;
        }
        catch (Exception exception) when (exception is CgfPathDownException or OperationCanceledException or InvalidOperationException)
        {
            failure = DeliveryFailure.Aborted;
        }
        Post(new Completion(exchange, response, failure));
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

    /// <summary>A data request answered (<paramref name="arrivedAt"/>: when the response reached the socket) or timed out.</summary>
    private void OnDataCompleted(Exchange exchange, GtpPrimeMessage? response, DeliveryFailure failure, long now, long arrivedAt)
    {
        var request = exchange.Request!;
        var path = exchange.Path;
        if (!path.InFlight.Contains(exchange))
            return;
        switch (failure)
        {
            case DeliveryFailure.Aborted:
                return;
            case DeliveryFailure.TimedOut:
                MarkDown(path, $"{_options.N3} transmissions of #{exchange.SequenceNumber} unanswered", now);
                return;
        }
        var cause = response switch
        {
            DataRecordTransferResponse answer => answer.Cause,
            VersionNotSupported => GtpPrimeCause.VersionNotSupported,
            _ => GtpPrimeCause.InvalidMessageFormat,
        };
        if (cause == GtpPrimeCause.NoResourcesAvailable)
        {
            // 199: retry later with the same number (the CGF stored nothing), fail over if it persists.
            path.Consecutive199++;
            if (path.Consecutive199 >= _options.N3)
            {
                MarkDown(path, $"cause 199 {path.Consecutive199} times", now);
                return;
            }
            exchange.RetryAt = now + Ticks(_options.BusyRetryDelay);
            _busyRetries.Add(exchange);
            return;
        }
        path.Consecutive199 = 0;
        var sendCommand = request.Command == (byte)PacketTransferCommand.SendDataRecordPacket;
        switch (cause)
        {
            // Done: 128, 177 (accepted class: the CGF keeps what it can, resending would not help), and the
            // "already fulfilled" answers to a retransmission (reference §4, §5.6).
            case GtpPrimeCause.RequestAccepted or GtpPrimeCause.CdrDecodingError or GtpPrimeCause.RequestAlreadyFulfilled
                or GtpPrimeCause.PossiblyDuplicatedRequestAlreadyFulfilled when sendCommand:
                path.InFlight.Remove(exchange);
                Acknowledge(request, exchange, arrivedAt);
                break;
            case GtpPrimeCause.RequestAccepted or GtpPrimeCause.CdrDecodingError or GtpPrimeCause.RequestAlreadyFulfilled:
                // A possibly-duplicated copy: the CGF holds it until Release or Cancel.
                path.InFlight.Remove(exchange);
                request.State = OutboxRequestState.Held;
                _held.Add(request);
                _changes.Updated.Add(request);
                break;
            case GtpPrimeCause.PossiblyDuplicatedRequestAlreadyFulfilled:
                // This CGF had committed the very same packet: nothing to hold, the chain is done.
                path.InFlight.Remove(exchange);
                Log.UnexpectedCause(_logger, request.ToString(), (int)cause, "already committed there");
                CompleteChain(request, released: true);
                break;
            default:
                path.InFlight.Remove(exchange);
                Park(request, cause);
                break;
        }
    }

    private void Acknowledge(OutboxRequest request, Exchange? exchange, long now)
    {
        _changes.Completed.Add(request);
        _changes.AcknowledgedCdrs += request.CdrCount;
        PathOf(request)?.Unreserve(request.SequenceNumber);
        Interlocked.Add(ref _acknowledgedCdrs, request.CdrCount);
        Interlocked.Increment(ref _acknowledgedRequests);
        if (exchange is not null)
        {
            exchange.ReleaseMessage();
            Acknowledged?.Invoke(request.CdrCount, Stopwatch.GetElapsedTime(exchange.StartedTimestamp, now));
        }
    }

    private void Park(OutboxRequest request, GtpPrimeCause cause)
    {
        // 193, 201, 202, 203 and any other rejection: retrying the same bytes cannot help (issue 3).
        request.State = OutboxRequestState.Parked;
        request.Cause = (byte)cause;
        _changes.Updated.Add(request);
        _changes.ParkedRequests++;
        PathOf(request)?.Unreserve(request.SequenceNumber);
        Interlocked.Increment(ref _parkedRequests);
        Interlocked.Add(ref _parkedCdrs, request.CdrCount);
        Log.Parked(_logger, request.ToString(), (int)cause, request.CdrCount);
    }

    private void OnProbeCompleted(Completion completion, long now)
    {
        var exchange = completion.Exchange;
        var request = exchange.Request!;
        _busy.Remove(request);
        if (!ProbeOrResolutionAnswered(completion, now, out var cause) || request.State != OutboxRequestState.Uncertain)
            return;
        if (cause == GtpPrimeCause.NoResourcesAvailable)
        {
            _notBefore[request] = now + Ticks(_options.BusyRetryDelay);
            return;
        }
        Presence presence;
        if (exchange.Kind == ExchangeKind.TestPacket && cause == GtpPrimeCause.RequestAccepted && _confirming.Add(request))
        {
            // The test packet reuses the old number, so a late 128 to the old Send (committed after all) looks
            // the same. The CGF answers one source in order: a second test packet's answer is the truth.
            return;
        }
        _confirming.Remove(request);
        if (exchange.Kind == ExchangeKind.TestPacket)
        {
            // Reference §5.6 (inferred): 128 = the CGF never had it; 252/253 = it had it already.
            presence = cause switch
            {
                GtpPrimeCause.RequestAccepted => Presence.Absent,
                GtpPrimeCause.PossiblyDuplicatedRequestAlreadyFulfilled or GtpPrimeCause.RequestAlreadyFulfilled => Presence.Present,
                _ => Presence.Absent,
            };
            if (cause is not (GtpPrimeCause.RequestAccepted or GtpPrimeCause.PossiblyDuplicatedRequestAlreadyFulfilled or GtpPrimeCause.RequestAlreadyFulfilled))
                Log.UnexpectedCause(_logger, request.ToString(), (int)cause, "absent (Release: a possible duplicate is flagged, a loss is not)");
        }
        else
        {
            // A cancelled (or unknown, 254) earlier copy is not held there any more.
            presence = Presence.Absent;
        }
        request.Presence = presence;
        _changes.Updated.Add(request);
        Log.Probed(_logger, request.ToString(), (int)cause, presence.ToString());
    }

    private void OnResolutionCompleted(Completion completion, long now)
    {
        var exchange = completion.Exchange;
        var carrier = exchange.Request!;
        _busy.Remove(carrier);
        if (!ProbeOrResolutionAnswered(completion, now, out var cause) || carrier.State != OutboxRequestState.Held)
            return;
        var action = exchange.Kind == ExchangeKind.Release ? "Release" : "Cancel";
        Log.Resolved(_logger, action, carrier.ToString(), (int)cause);
        switch (cause)
        {
            case GtpPrimeCause.RequestAccepted or GtpPrimeCause.RequestAlreadyFulfilled:
                CompleteChain(carrier, exchange.Kind == ExchangeKind.Release);
                break;
            case GtpPrimeCause.SequenceNumbersOfReleasedOrCancelledPacketsIncorrect:
                // 254: the CGF no longer holds it (resolved before a CDF crash, or expired into billing flagged).
                Log.UnexpectedCause(_logger, carrier.ToString(), (int)cause, "already resolved");
                CompleteChain(carrier, exchange.Kind == ExchangeKind.Release);
                break;
            case GtpPrimeCause.NoResourcesAvailable:
                _notBefore[carrier] = now + Ticks(_options.BusyRetryDelay);
                break;
            default:
                _held.Remove(carrier);
                Park(carrier, cause);
                foreach (var predecessor in PredecessorsOf(carrier))
                    _uncertain.Remove(predecessor);
                break;
        }
    }

    /// <summary>Common failure handling of test packets, Cancel and Release; false when there is no cause to act on.</summary>
    private bool ProbeOrResolutionAnswered(Completion completion, long now, out GtpPrimeCause cause)
    {
        cause = default;
        switch (completion.Failure)
        {
            case DeliveryFailure.TimedOut:
                MarkDown(completion.Exchange.Path, $"{_options.N3} transmissions of {completion.Exchange.Kind} #{completion.Exchange.SequenceNumber} unanswered", now);
                return false;
            case DeliveryFailure.Aborted:
                return false;
        }
        if (completion.Response is not DataRecordTransferResponse response)
            return false;
        cause = response.Cause;
        return true;
    }

    /// <summary>The possibly-duplicated copy is released or cancelled: the CDRs are delivered exactly once.</summary>
    private void CompleteChain(OutboxRequest carrier, bool released)
    {
        _held.Remove(carrier);
        _changes.Completed.Add(carrier);
        PathOf(carrier)?.Unreserve(carrier.SequenceNumber);
        foreach (var predecessor in PredecessorsOf(carrier))
        {
            _uncertain.Remove(predecessor);
            _changes.Completed.Add(predecessor);
            PathOf(predecessor)?.Unreserve(predecessor.SequenceNumber);
        }
        _changes.AcknowledgedCdrs += carrier.CdrCount;
        Interlocked.Add(ref _acknowledgedCdrs, carrier.CdrCount);
        Interlocked.Increment(ref _acknowledgedRequests);
        if (released)
        {
            _changes.ReleasedPackets++;
            Interlocked.Increment(ref _released);
        }
        else
        {
            _changes.CancelledPackets++;
            Interlocked.Increment(ref _cancelled);
        }
    }

    private void OnEchoCompleted(Completion completion, long now)
    {
        var path = completion.Exchange.Path;
        path.EchoPending = false;
        switch (completion.Failure)
        {
            case DeliveryFailure.TimedOut:
                if (path.State == CgfPathState.Up)
                    MarkDown(path, "Echo unanswered", now);
                return;
            case DeliveryFailure.Aborted:
                return;
        }
        if (completion.Response is EchoResponse echo)
        {
            // A new Recovery value means the CGF restarted (reference §5.3). This CGF keeps its duplicate
            // detection across restarts, so re-sending with the same numbers stays safe; it is logged only.
            if (path.Recovery is { } old && old != echo.Recovery)
                Log.PeerRestarted(_logger, path.Name, old, echo.Recovery);
            path.Recovery = echo.Recovery;
            if (path.State == CgfPathState.Down)
                MarkUp(path, "Echo answered");
        }
    }

    private void OnRedirected(RedirectedEvent redirected)
    {
        var path = redirected.Path;
        Log.Redirected(_logger, path.Name, (int)redirected.Cause, redirected.Recommended?.ToString() ?? "none");
        if (path.State == CgfPathState.Up)
            path.State = CgfPathState.Redirected;
        if (ReferenceEquals(_preferred, path))
            _preferred = null;
        if (redirected.Recommended is { } recommended &&
            _options.AllowedRecommendedNodes.Any(a => IPAddress.TryParse(a, out var allowed) && allowed.Equals(recommended)) &&
            _paths.FirstOrDefault(p => !ReferenceEquals(p, path) && p.Remote.Address.Equals(recommended)) is { } target)
        {
            _preferred = target;
            MarkUp(target, "recommended by a Redirection Request");
        }
        // Waiting for a retry after 199 at a CGF that asked us to leave: fail those over now.
        foreach (var exchange in _busyRetries.Where(e => ReferenceEquals(e.Path, path)).ToList())
        {
            _busyRetries.Remove(exchange);
            path.InFlight.Remove(exchange);
            MakeUncertain(exchange.Request!);
        }
    }

    private void MarkUp(CgfPath path, string reason)
    {
        path.Consecutive199 = 0;
        if (path.State == CgfPathState.Up)
            return;
        path.State = CgfPathState.Up;
        Log.PathUp(_logger, path.Name, reason);
    }

    /// <summary>N3 unanswered (or 199 persisting): no new traffic; every unacknowledged request becomes uncertain and fails over.</summary>
    private void MarkDown(CgfPath path, string reason, long now)
    {
        if (path.State == CgfPathState.Down)
            return;
        Log.PathDown(_logger, path.Name, reason, path.InFlight.Count);
        path.State = CgfPathState.Down;
        path.NextEchoAt = now + Ticks(_options.EchoInterval);
        if (ReferenceEquals(_preferred, path))
            _preferred = null;
        foreach (var exchange in path.InFlight)
            MakeUncertain(exchange.Request!);
        _busyRetries.RemoveAll(e => ReferenceEquals(e.Path, path));
        path.InFlight.Clear();
        // Their T3 entries go stale; a late answer to one of them is only logged (the copy elsewhere decides).
        path.Outstanding.Clear();
        path.Dispatcher.FailAll(new CgfPathDownException(path.Name));
        Interlocked.Increment(ref _failovers);
    }

    private void MakeUncertain(OutboxRequest request)
    {
        request.State = OutboxRequestState.Uncertain;
        _uncertain.Add(request);
        _changes.Updated.Add(request);
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

    /// <summary>Requests answered 199: the same bytes and number again once the delay is over.</summary>
    private void RetryBusy(long now)
    {
        for (var i = _busyRetries.Count - 1; i >= 0; i--)
        {
            var exchange = _busyRetries[i];
            if (exchange.RetryAt > now || exchange.Path.State != CgfPathState.Up)
                continue;
            _busyRetries.RemoveAt(i);
            exchange.RetryAt = 0;
            Interlocked.Increment(ref _retransmissions);
            _toLaunch.Add(exchange);
        }
    }

    /// <summary>
    /// Uncertain requests that no copy carries yet: back to their own CGF with the same number if it is
    /// up again (its duplicate detection answers 253 if it had them), else to the active CGF as Send
    /// possibly duplicated with a new number there (reference §5.6, failover).
    /// </summary>
    private void CarryStranded(long now)
    {
        if (_uncertain.Count == 0)
            return;
        var active = ActivePath();
        foreach (var request in _uncertain.Where(r => r.Successor is null).ToList())
        {
            var own = PathOf(request);
            if (own is { State: CgfPathState.Up })
            {
                _uncertain.Remove(request);
                request.State = OutboxRequestState.InFlight;
                _changes.Updated.Add(request);
                LaunchData(own, request, request.SequenceNumber, LoadRecords(request));
                continue;
            }
            if (active is null)
                continue;
            var carrier = new OutboxRequest
            {
                Path = active.Name,
                SequenceNumber = Allocate(active),
                Command = (byte)PacketTransferCommand.SendPossiblyDuplicatedDataRecordPacket,
                State = OutboxRequestState.InFlight,
                FirstCdrId = request.FirstCdrId,
                LastCdrId = request.LastCdrId,
                CdrCount = request.CdrCount,
            };
            active.Reserve(carrier.SequenceNumber);
            _changes.Added.Add(carrier);
            // The old→new mapping: this request and any earlier copies it carried now point at the new copy.
            foreach (var predecessor in PredecessorsOf(request).Append(request).ToList())
            {
                predecessor.Successor = carrier;
                _changes.Updated.Add(predecessor);
            }
            Log.FailedOver(_logger, request.ToString(), active.Name, carrier.SequenceNumber);
            LaunchData(active, carrier, carrier.SequenceNumber, LoadRecords(request));
        }
    }

    /// <summary>Test packets (or Cancel of an earlier copy) to a CGF that answers again.</summary>
    private void Probe(long now)
    {
        foreach (var request in _uncertain)
        {
            if (request.Presence != Presence.Unknown || request.Successor is null ||
                _busy.Contains(request) || !Due(request, now) || PathOf(request) is not { State: CgfPathState.Up } path)
                continue;
            Exchange exchange;
            if (request.Command == (byte)PacketTransferCommand.SendDataRecordPacket)
            {
                // The empty packet with the OLD sequence number (reference §5.6).
                var test = new DataRecordTransferRequest(PacketTransferCommand.SendPossiblyDuplicatedDataRecordPacket, DataRecordPacket.EmptyZeroLength);
                exchange = NewExchange(ExchangeKind.TestPacket, path, request.SequenceNumber, request, test);
            }
            else
            {
                var sequenceNumber = Allocate(path);
                var cancel = new DataRecordTransferRequest(PacketTransferCommand.CancelDataRecordPacket, CancelledPackets: [request.SequenceNumber]);
                exchange = NewExchange(ExchangeKind.CancelPredecessor, path, sequenceNumber, request, cancel);
            }
            _busy.Add(request);
            _toLaunch.Add(exchange);
        }
    }

    /// <summary>Release (all earlier copies absent) or Cancel (one was present) of each held copy.</summary>
    private void Resolve(long now)
    {
        foreach (var carrier in _held)
        {
            if (_busy.Contains(carrier) || !Due(carrier, now) || PathOf(carrier) is not { State: CgfPathState.Up } path)
                continue;
            var predecessors = PredecessorsOf(carrier);
            if (predecessors.Any(p => p.Presence == Presence.Unknown))
                continue;
            var present = predecessors.Any(p => p.Presence == Presence.Present);
            var sequenceNumber = Allocate(path);
            var message = present
                ? new DataRecordTransferRequest(PacketTransferCommand.CancelDataRecordPacket, CancelledPackets: [carrier.SequenceNumber])
                : new DataRecordTransferRequest(PacketTransferCommand.ReleaseDataRecordPacket, ReleasedPackets: [carrier.SequenceNumber]);
            _busy.Add(carrier);
            _toLaunch.Add(NewExchange(present ? ExchangeKind.Cancel : ExchangeKind.Release, path, sequenceNumber, carrier, message));
        }
    }

    private void Echo(long now)
    {
        foreach (var path in _paths)
        {
            if (path.EchoPending || now < path.NextEchoAt)
                continue;
            path.NextEchoAt = now + Ticks(_options.EchoInterval);
            path.EchoPending = true;
            _toLaunch.Add(NewExchange(ExchangeKind.Echo, path, Allocate(path), null, new EchoRequest()));
        }
    }

    /// <summary>Packs queued CDRs into new Send requests for the active CGF, up to the window.</summary>
    private void SendNew()
    {
        if (ActivePath() is not { } path)
            return;
        List<QueuedCdr>? batch = null;
        while (path.InFlight.Count < _window && !_queue.IsEmpty)
        {
            batch ??= new List<QueuedCdr>(_options.MaxCdrsPerRequest);
            batch.Clear();
            var bytes = RequestOverhead;
            while (batch.Count < _options.MaxCdrsPerRequest && _queue.TryPeek(out var cdr))
            {
                if (batch.Count > 0 && bytes + 2 + cdr.Data.Length > _options.MaxRequestBytes)
                    break;
                _queue.TryDequeue(out _);
                batch.Add(cdr);
                bytes += 2 + cdr.Data.Length;
            }
            var request = new OutboxRequest
            {
                Path = path.Name,
                SequenceNumber = Allocate(path),
                Command = (byte)PacketTransferCommand.SendDataRecordPacket,
                State = OutboxRequestState.InFlight,
                FirstCdrId = batch[0].Id,
                LastCdrId = batch[^1].Id,
                CdrCount = batch.Count,
            };
            path.Reserve(request.SequenceNumber);
            _changes.Added.Add(request);
            _changes.AssignedUpTo = request.LastCdrId;
            LaunchData(path, request, request.SequenceNumber, batch.Select(c => c.Data).ToArray());
        }
    }

    private void CheckDrained()
    {
        if (_drainWaiters.Count == 0 || !_queue.IsEmpty || Volatile.Read(ref _pendingEnqueues) != 0 || _uncertain.Count != 0 ||
            _held.Count != 0 || _paths.Any(p => p.InFlight.Count != 0) || !_changes.IsEmpty || _commit is not null)
            return;
        foreach (var waiter in _drainWaiters)
            waiter.TrySetResult();
        _drainWaiters.Clear();
    }

    private void PublishCounts()
    {
        Volatile.Write(ref _inFlight, _paths.Sum(p => p.InFlight.Count));
        Volatile.Write(ref _uncertainCount, _uncertain.Count);
        Volatile.Write(ref _heldCount, _held.Count);
        CheckDrained();
    }

    /// <summary>Traffic goes to the recommended node while it is up, else to the first CGF in priority order that is up.</summary>
    private CgfPath? ActivePath()
    {
        if (_preferred is { State: CgfPathState.Up } preferred)
            return preferred;
        foreach (var path in _paths)
        {
            if (path.State == CgfPathState.Up)
                return path;
        }
        return null;
    }

    private void LaunchData(CgfPath path, OutboxRequest request, ushort sequenceNumber, IReadOnlyList<byte[]> records)
    {
        var packet = new DataRecordPacket(DataRecordPacket.FormatBer, SgwRecordEncoder.ApplicationIdentifier, SgwRecordEncoder.ReleaseIdentifier,
            SgwRecordEncoder.VersionIdentifier, SgwRecordEncoder.ReleaseIdentifierExtension,
            records.Select(r => (ReadOnlyMemory<byte>)r).ToArray());
        var exchange = NewExchange(ExchangeKind.Data, path, sequenceNumber, request,
            new DataRecordTransferRequest((PacketTransferCommand)request.Command, packet));
        path.InFlight.Add(exchange);
        _toLaunch.Add(exchange);
    }

    private static Exchange NewExchange(ExchangeKind kind, CgfPath path, ushort sequenceNumber, OutboxRequest? request, GtpPrimeMessage message) => new()
    {
        Kind = kind,
        Path = path,
        SequenceNumber = sequenceNumber,
        Request = request,
        Message = GtpPrimeEncoder.Encode(GtpPrimeHeaderForm.V2, sequenceNumber, message),
    };

    private ushort Allocate(CgfPath path)
    {
        var sequenceNumber = path.AllocateSequenceNumber();
        _changes.NextSequenceNumbers[path.Name] = path.NextSequenceNumber;
        return sequenceNumber;
    }

    private bool Due(OutboxRequest request, long now)
    {
        if (!_notBefore.TryGetValue(request, out var notBefore))
            return true;
        if (notBefore > now)
            return false;
        _notBefore.Remove(request);
        return true;
    }

    private List<OutboxRequest> PredecessorsOf(OutboxRequest carrier) =>
        _uncertain.Where(u => ReferenceEquals(u.Successor, carrier)).ToList();

    private CgfPath? PathOf(OutboxRequest request)
    {
        foreach (var path in _paths)
        {
            if (string.Equals(path.Name, request.Path, StringComparison.Ordinal))
                return path;
        }
        return null;
    }

    private IReadOnlyList<byte[]> LoadRecords(OutboxRequest request) => _outbox.LoadRecords(request.FirstCdrId, request.LastCdrId);

    /// <summary>Rebuilds the loop's state after a start: in-flight requests go out again first, same numbers, same CGF.</summary>
    private void Restore(IReadOnlyList<OutboxRequest> requests)
    {
        var byId = requests.ToDictionary(r => r.Id);
        foreach (var request in requests)
        {
            if (request.SuccessorId is { } successorId && byId.TryGetValue(successorId, out var successor))
                request.Successor = successor;
        }
        int inFlight = 0, parked = 0;
        foreach (var request in requests)
        {
            var path = PathOf(request);
            path?.Reserve(request.SequenceNumber);
            switch (request.State)
            {
                case OutboxRequestState.InFlight when path is not null:
                    LaunchData(path, request, request.SequenceNumber, LoadRecords(request));
                    inFlight++;
                    break;
                case OutboxRequestState.InFlight:
                case OutboxRequestState.Uncertain when request.Successor is null || request.Successor.State != OutboxRequestState.Parked:
                    // A request for a CGF no longer configured is carried elsewhere; it can never be probed.
                    if (path is null && request.Successor is not null)
                        request.Presence = Presence.Absent;
                    request.State = OutboxRequestState.Uncertain;
                    _uncertain.Add(request);
                    break;
                case OutboxRequestState.Held:
                    _held.Add(request);
                    break;
                case OutboxRequestState.Parked:
                    parked++;
                    break;
            }
        }
        Log.Loaded(_logger, _outbox.Path, _queue.Count, inFlight, _uncertain.Count, _held.Count, parked);
    }

    /// <summary>Runs on a path's receive loop: answers the CGF's request at once and tells the delivery loop.</summary>
    private GtpPrimeMessage? OnCgfRequest(CgfPath path, GtpPrimeFrame frame, IPEndPoint source)
    {
        switch (frame.Message)
        {
            case EchoRequest:
                return new EchoResponse(_restartCounter);
            case NodeAliveRequest nodeAlive:
                Log.NodeAlive(_logger, source, nodeAlive.NodeAddress);
                Post(new NodeAliveEvent(path, nodeAlive.NodeAddress));
                return new NodeAliveResponse();
            case RedirectionRequest redirection:
                Post(new RedirectedEvent(path, redirection.Cause, redirection.RecommendedNode));
                return new RedirectionResponse(GtpPrimeCause.RequestAccepted);
            default:
                return null;
        }
    }

    private static long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);
}
