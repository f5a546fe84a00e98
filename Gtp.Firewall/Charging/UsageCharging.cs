using Cdf.Client.Delivery;
using Charging.Cdr;
using Gtp.Firewall.Inspection;
using Microsoft.Extensions.Logging;
using Storage.Cdf;
using System.Diagnostics.Metrics;
using System.Threading.Channels;

namespace Gtp.Firewall.Charging;

/// <summary>
/// The firewall as CDF: usage CDRs from the tunnels the engine inspects, delivered through the
/// <c>Cdf.Client</c> library (durable outbox, exactly once) to <c>Firewall:Charging:Cgfs</c>. Front ends:
/// <see cref="Create"/> (null when no CGF is configured), <see cref="Start"/>, <see cref="Attach"/> per engine,
/// <see cref="ChargingObserver.CloseAll"/> on the packet thread at shutdown, then <see cref="DrainAsync"/> and
/// <see cref="DisposeAsync"/>. The packet thread only copies closed records into a bounded queue; this type's
/// task encodes them and enqueues them in the outbox, so a CGF outage never reaches the packet path.
/// </summary>
public sealed class UsageCharging : IAsyncDisposable
{
    public const string MeterName = "Gtp.Firewall.Charging";
    /// <summary>Outbox checkpoint holding the last localSequenceNumber, stored in the same transaction as the CDRs.</summary>
    public const string LocalSequenceCheckpoint = "firewall.localSequenceNumber";

    private readonly ChargingOptions _options;
    private readonly CdfClient _client;
    private readonly ILogger _logger;
    private readonly Channel<ChargingWriteItem> _queue;
    private readonly byte[] _chargingCharacteristics;
    private readonly ChargingRecordType _recordType;
    private readonly Meter _meter = new(MeterName);
    private readonly Counter<long> _closedCounter;
    private readonly Counter<long> _enqueuedCounter;
    private readonly Counter<long> _lostCounter;
    private readonly long[] _closedByCause = new long[64];
    private Task? _writer;
    private long _written;
    private long _enqueued;
    private long _merged;
    private long _lost;
    private long _lastLocalSequenceNumber;
    private long _stateItemsQueued;
    private long _stateItemsCommitted;
    private int _queueFullReported;

    private UsageCharging(ChargingOptions options, ILoggerFactory loggerFactory)
    {
        _options = options;
        _logger = loggerFactory.CreateLogger("Gtp.Firewall.Charging");
        _chargingCharacteristics = options.ParseChargingCharacteristics() ?? [0x08, 0x00];
        _recordType = options.ParseRecordType() ?? ChargingRecordType.SgwCdr;
        _queue = Channel.CreateBounded<ChargingWriteItem>(new BoundedChannelOptions(options.QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = false,
        });
        _client = new CdfClient(options.Cdf, loggerFactory);
        _closedCounter = _meter.CreateCounter<long>("firewall.charging.records.closed", "{record}", "Usage records closed on the packet thread");
        _enqueuedCounter = _meter.CreateCounter<long>("firewall.charging.records.enqueued", "{record}", "Usage CDRs durably in the outbox");
        _lostCounter = _meter.CreateCounter<long>("firewall.charging.records.lost", "{record}", "Final records dropped because queue and spill list were full");
    }

    /// <summary>Charging for these options, or null when it is off (no CGFs). Options are validated at load.</summary>
    public static UsageCharging? Create(ChargingOptions? options, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(loggerFactory);
        return options is { Enabled: true } ? new UsageCharging(options, loggerFactory) : null;
    }

    public ChargingOptions Options => _options;

    /// <summary>The delivery library underneath (statistics, outbox status).</summary>
    public CdfClient Client => _client;

    /// <summary>
    /// Usage records not yet sent in a request: closed but not yet in the outbox, plus those the outbox holds for the
    /// delivery loop (a CGF outage makes this grow). Readable from any thread.
    /// </summary>
    public long Backlog => Math.Max(0, Interlocked.Read(ref _written) - Interlocked.Read(ref _enqueued)) + _client.QueuedCdrs;

    /// <summary>How many final records one engine's spill list holds before it drops (and counts) them.</summary>
    internal int SpillCapacity => _options.QueueCapacity * 4;

    public UsageChargingStatistics Statistics => new(
        Interlocked.Read(ref _written), Interlocked.Read(ref _enqueued), Interlocked.Read(ref _merged), Interlocked.Read(ref _lost),
        (uint)Interlocked.Read(ref _lastLocalSequenceNumber), _client.Statistics.AcknowledgedCdrs,
        Enum.GetValues<CauseForRecClosing>().ToDictionary(c => c, c => Interlocked.Read(ref _closedByCause[(int)c])));

    /// <summary>Opens the outbox (resuming localSequenceNumber from it), starts delivery and the encoding task.</summary>
    public void Start()
    {
        if (_writer is not null)
            throw new InvalidOperationException("already started");
        _client.Start();
        _lastLocalSequenceNumber = _client.ReadCheckpoint(LocalSequenceCheckpoint);
        _writer = Task.Run(WriteAsync);
        ChargingLog.Started(_logger, _options.Cdf.Cgfs.Count, _options.Outbox, _lastLocalSequenceNumber + 1);
    }

    /// <summary>
    /// Makes <paramref name="engine"/> report to charging: sets its tunnel observer and volume limit. Call before
    /// traffic, once per engine; the returned observer belongs to that engine's thread.
    /// </summary>
    public ChargingObserver Attach(GtpInspectionEngine engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var observer = new ChargingObserver(this, engine, _options.TimeLimit, _options.MaxContainers, _options.ContainerOnUserLocationChange);
        engine.Tunnels.VolumeLimit = _options.VolumeLimit;
        engine.Tunnels.Observer = observer;
        engine.Subscribers = observer;
        return observer;
    }

    /// <summary>Completes when every record closed so far is durably in the outbox.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        var target = Interlocked.Read(ref _written);
        while (Interlocked.Read(ref _enqueued) < target)
        {
            if (_writer is null || _writer.IsCompleted)
                return;
            await Task.Delay(5, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Flushes into the outbox, then waits for the CGFs to acknowledge everything; false on timeout.</summary>
    public async Task<bool> DrainAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await FlushAsync(cancellation.Token).ConfigureAwait(false);
            await _client.WaitUntilDrainedAsync(cancellation.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Encodes and stores what is queued (the outbox keeps it for the next start), then stops delivery.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        if (_writer is not null)
            await _writer.ConfigureAwait(false);
        await _client.DisposeAsync().ConfigureAwait(false);
        _meter.Dispose();
    }

    /// <summary>Packet thread: hands a closed record over; false when the queue is full (never blocks).</summary>
    internal bool TryWrite(in ClosedRecord record, ProducerStateRow[]? state = null)
    {
        if (!_queue.Writer.TryWrite(new ChargingWriteItem(record, true, state)))
            return false;
        if (state is not null)
            Interlocked.Increment(ref _stateItemsQueued);
        Interlocked.Increment(ref _written);
        Interlocked.Increment(ref _closedByCause[(int)record.Cause]);
        _closedCounter.Add(1);
        return true;
    }

    /// <summary>
    /// Packet thread: state rows (a checkpoint) to commit after everything queued before them; false when the queue
    /// is full (never blocks: the caller captures again later).
    /// </summary>
    internal bool TryWriteState(ProducerStateRow[] rows)
    {
        if (!_queue.Writer.TryWrite(new ChargingWriteItem(default, false, rows)))
            return false;
        Interlocked.Increment(ref _stateItemsQueued);
        return true;
    }

    /// <summary>The tunnel state rows the last committed transaction left in the outbox (restore at start).</summary>
    public List<(string Key, byte[] Value)> ReadState(string prefix) => _client.ReadProducerState(prefix);

    /// <summary>Completes when everything queued so far (records and state rows) is durably in the outbox.</summary>
    public async Task FlushStateAsync(CancellationToken cancellationToken = default)
    {
        var target = Interlocked.Read(ref _stateItemsQueued);
        await FlushAsync(cancellationToken).ConfigureAwait(false);
        while (Interlocked.Read(ref _stateItemsCommitted) < target)
        {
            if (_writer is null || _writer.IsCompleted)
                return;
            await Task.Delay(5, cancellationToken).ConfigureAwait(false);
        }
    }

    internal void CountMergedPartial(CauseForRecClosing cause)
    {
        Interlocked.Increment(ref _merged);
        ReportQueueFull();
    }

    internal void CountLost(in ClosedRecord record)
    {
        Interlocked.Increment(ref _lost);
        _lostCounter.Add(1);
        ChargingLog.RecordLost(_logger, Gtp.Imsi.Format(record.Imsi), record.Nsapi, record.UplinkOctets, record.DownlinkOctets);
    }

    /// <summary>Logs the first overflow of a burst (the log must not become per-packet work).</summary>
    internal void ReportQueueFull()
    {
        if (Interlocked.Exchange(ref _queueFullReported, 1) == 0)
            ChargingLog.QueueFull(_logger, _options.QueueCapacity);
    }

    private async Task WriteAsync()
    {
        var batch = new List<ReadOnlyMemory<byte>>(256);
        var state = new List<ProducerStateRow>();
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            state.Clear();
            var stateItems = 0;
            var lsn = _lastLocalSequenceNumber;
            // Entries in queue order; a record and the rows it changes go into the same transaction.
            while (batch.Count < 256 && state.Count < 65_536 && reader.TryRead(out var item))
            {
                if (item.HasRecord)
                {
                    lsn = lsn >= uint.MaxValue ? 1 : lsn + 1;
                    batch.Add(UsageRecordEncoder.Encode(item.Record, (uint)lsn, _options.NodeId, _chargingCharacteristics, _recordType, _options.RatingGroup));
                }
                if (item.State is { } rows)
                {
                    state.AddRange(rows);
                    stateItems++;
                }
            }
            Volatile.Write(ref _queueFullReported, 0);
            // The outbox is local SQLite: a failure here is a disk problem; retry the same records and numbers.
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    // SGW-CDRs: IE 252 carries their release and version, whatever the CDF's defaults are.
                    await _client.EnqueueAsync(batch, SgwRecordEncoder.RecordFormat, (LocalSequenceCheckpoint, lsn), state).ConfigureAwait(false);
                    break;
                }
                catch (Exception ex) when (ex is not ObjectDisposedException && attempt < 10)
                {
                    ChargingLog.EnqueueFailed(_logger, batch.Count, attempt, ex);
                    await Task.Delay(TimeSpan.FromMilliseconds(100 * attempt)).ConfigureAwait(false);
                }
            }
            Interlocked.Exchange(ref _lastLocalSequenceNumber, lsn);
            Interlocked.Add(ref _enqueued, batch.Count);
            Interlocked.Add(ref _stateItemsCommitted, stateItems);
            _enqueuedCounter.Add(batch.Count);
        }
    }
}
