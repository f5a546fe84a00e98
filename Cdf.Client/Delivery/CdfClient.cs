using Cdf.Client.Configuration;
using Cdf.Client.Diagnostics;
using Charging.CdrFiles;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Storage.Cdf;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;

namespace Cdf.Client.Delivery;

/// <summary>
/// Delivers CDRs exactly once to a pool of CGFs over GTP' (TS 32.295; docs/gtp-prime.md §5).
/// <see cref="EnqueueAsync(ReadOnlyMemory{byte}, CancellationToken)"/> returns once the CDR is durably in
/// the outbox. One delivery loop owns all state: it handles responses and CGF requests as events, decides
/// (failover, test packets, Release/Cancel, new requests), commits its decisions in one outbox
/// transaction, and only then sends. A request is always in the outbox before it goes on the wire, so a
/// CDF restart re-sends it with its original sequence number to the same CGF.
/// </summary>
/// <remarks>
/// One file per concern: this one the public API; <c>.Loop</c> the turn loop and commit pipeline; <c>.Transmission</c>
/// T3/N3 and the sends; <c>.Causes</c> the answers to data requests; <c>.Failover</c> and <c>.PossiblyDuplicated</c>
/// the failover and its resolution; <c>.Liveness</c> Echo, Node Alive and Redirection; <c>.Packing</c> new requests;
/// <c>.Restore</c> the start from the outbox.
/// </remarks>
public sealed partial class CdfClient : IAsyncDisposable
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(50);

    private readonly CdfOptions _options;
    private readonly ILogger _logger;
    private readonly CdfOutbox _outbox;
    private readonly List<CgfPath> _paths = [];
    private readonly Channel<object> _events = Channel.CreateUnbounded<object>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Channel<PendingEnqueue> _enqueues = Channel.CreateUnbounded<PendingEnqueue>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentQueue<QueuedCdr> _queue = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly CdrRecordFormat _defaultRecordFormat;
    private Task? _loop;
    private byte _restartCounter;
    private int _pendingEnqueues;

    // Statistics: written by the loop, read anywhere.
    private long _acknowledgedCdrs, _acknowledgedRequests, _parkedRequests, _parkedCdrs, _failovers, _released, _cancelled, _retransmissions, _commits;
    private int _inFlight, _uncertainCount, _heldCount;

    private sealed record PendingEnqueue(IReadOnlyList<ReadOnlyMemory<byte>> Records, CdrRecordFormat RecordFormat, (string Name, long Value)? Checkpoint,
        IReadOnlyList<ProducerStateRow>? ProducerState, TaskCompletionSource Done);

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
        _defaultRecordFormat = options.RecordFormat;
        ValidateRecordFormat(_defaultRecordFormat, nameof(options));
        _options = options;
        _t3 = new T3Queue(Ticks(options.T3));
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

    /// <summary>The producer state rows under <paramref name="prefix"/> as the last commit left them (key order).</summary>
    public List<(string Key, byte[] Value)> ReadProducerState(string prefix) => _outbox.LoadProducerState(prefix);

    /// <summary>Loads the outbox, opens the paths and starts delivering (in-flight requests first, same numbers).</summary>
    public void Start()
    {
        if (_loop is not null)
            throw new InvalidOperationException("already started");
        _restartCounter = _outbox.IncrementRestartCounter();
        var snapshot = _outbox.Load();
        _nextCdrId = _outbox.NextCdrId;
        foreach (var path in _paths)
        {
            path.Delivery.NextSequenceNumber = snapshot.NextSequenceNumbers.TryGetValue(path.Name, out var next) ? next : _options.InitialSequenceNumber;
            path.Delivery.NextEchoAt = Stopwatch.GetTimestamp() + Ticks(_options.EchoInterval);
            path.Start(OnCgfRequest, (p, message, numbers, arrived) => Post(new ResponseEvent(p, message, numbers, arrived)));
            Log.PathOpened(_logger, path.Name, path.LocalEndPoint, path.Endpoint.Tcp ? "tcp" : "udp");
        }
        Restore(snapshot);
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
    public Task EnqueueAsync(IReadOnlyList<ReadOnlyMemory<byte>> cdrs, (string Name, long Value)? checkpoint, CancellationToken cancellationToken = default) =>
        EnqueueAsync(cdrs, _defaultRecordFormat, checkpoint, cancellationToken);

    /// <summary>
    /// As <see cref="EnqueueAsync(IReadOnlyList{ReadOnlyMemory{byte}}, ValueTuple{string, long}?, CancellationToken)"/>, for
    /// records whose Data Record Packet identifiers (IE 252: format, application, release, version) are
    /// <paramref name="recordFormat"/> instead of <see cref="CdfOptions.RecordFormat"/>: they go out in packets of their own.
    /// The identifiers are stored with each CDR, so a restart sends its CDRs (and re-sends its requests) with them.
    /// </summary>
    public Task EnqueueAsync(IReadOnlyList<ReadOnlyMemory<byte>> cdrs, CdrRecordFormat recordFormat, (string Name, long Value)? checkpoint = null,
        CancellationToken cancellationToken = default) =>
        EnqueueAsync(cdrs, recordFormat, checkpoint, null, cancellationToken);

    /// <summary>
    /// As <see cref="EnqueueAsync(IReadOnlyList{ReadOnlyMemory{byte}}, CdrRecordFormat, ValueTuple{string, long}?, CancellationToken)"/>,
    /// and applies <paramref name="producerState"/> (upserts and deletes, in order) in the same transaction as the CDRs:
    /// after a crash the outbox holds both or neither (read them back with <see cref="ReadProducerState"/>). With no
    /// CDRs the state rows alone are committed. Enqueues are committed in call order, so a later row wins.
    /// </summary>
    public Task EnqueueAsync(IReadOnlyList<ReadOnlyMemory<byte>> cdrs, CdrRecordFormat recordFormat, (string Name, long Value)? checkpoint,
        IReadOnlyList<ProducerStateRow>? producerState, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cdrs);
        ValidateRecordFormat(recordFormat, nameof(recordFormat));
        if (cdrs.Count == 0 && checkpoint is null && (producerState is null || producerState.Count == 0))
            return Task.CompletedTask;
        var pending = new PendingEnqueue(cdrs, recordFormat, checkpoint, producerState,
            new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
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

    /// <summary>
    /// Application and Release Identifier are one nibble each in IE 252 (docs/gtp-prime.md §3.1); the encoder would throw on
    /// the loop. A Data Record Format other than 1-3 is refused by a CGF: the records would be parked, never delivered.
    /// </summary>
    private static void ValidateRecordFormat(CdrRecordFormat format, string parameterName)
    {
        if (DataRecordFormat.Classify(format.DataRecordFormat) != DataRecordFormatClass.Exportable)
            throw new ArgumentOutOfRangeException(parameterName, format, "the Data Record Format must be 1 (BER), 2 (unaligned PER) or 3 (aligned PER)");
        if (format.ApplicationIdentifier > 0x0F || format.ReleaseIdentifier > 0x0F)
            throw new ArgumentOutOfRangeException(parameterName, format, "Application and Release Identifiers are 4 bits each");
    }

    private void Post(object @event) => _events.Writer.TryWrite(@event);

    private static long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);
}
