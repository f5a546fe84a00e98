using Cgf.Server.Configuration;
using Cgf.Server.Diagnostics;
using Cgf.Server.Export;
using Cgf.Server.ExportRetention;
using Cgf.Server.Monitoring;
using Cgf.Server.Protocol;
using Cgf.Server.Reload;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Operations.Alarms;
using System.Diagnostics.Metrics;

namespace Cgf.Server.Delivery;

/// <summary>
/// Every Cgf:Delivery:PollInterval while Cgf:Export:Directory is set: delivers the recorded export files to the
/// Cgf:Delivery:Destinations (none configured: billing collects by pull), then applies the export directory's retention.
/// Cgf:Delivery is read at start (a change needs a restart); Cgf:Export reloads live and is read at each poll.
/// </summary>
public sealed class DeliveryService : BackgroundService
{
    private readonly CgfOptions _options;
    private readonly LiveCgfOptions _live;
    private readonly CgfState _state;
    private readonly AlarmRegistry _alarms;
    private readonly ILogger<DeliveryService> _logger;
    private readonly ExportService _export;
    private readonly ExportDirectoryRetention _retention;
    private readonly TimeProvider _time;
    // Written by the delivery loop, read by the instruments and the readiness check.
    private volatile Deliverer? _deliverer;
    private long _undelivered;
    private long _oldestUndeliveredMs;
    private DateTimeOffset _startedAt;

    public DeliveryService(IOptions<CgfOptions> options, LiveCgfOptions live, CgfState state, AlarmRegistry alarms, CgfMetrics metrics,
        ILogger<DeliveryService> logger, ExportService export, TimeProvider? time = null)
    {
        _export = export;
        _options = options.Value;
        _live = live;
        _state = state;
        _alarms = alarms;
        _logger = logger;
        _time = time ?? TimeProvider.System;
        _retention = new ExportDirectoryRetention(logger);
        var meter = metrics.Meter;
        meter.CreateObservableCounter("cgf.delivery.files", () => PerDestination(static (d, i) => d.DeliveredTotal(i)), "{file}",
            "Export files delivered since start, by destination");
        meter.CreateObservableCounter("cgf.delivery.failures", () => PerDestination(static (d, i) => d.FailuresTotal(i)), "{attempt}",
            "Failed delivery attempts since start, by destination");
        meter.CreateObservableGauge("cgf.delivery.active", () => PerDestination(static (d, i) => d.IsActive(i) ? 1L : 0L), "{destination}",
            "1 for each destination that takes files now (Failover: the active one; All: every one)");
        meter.CreateObservableGauge("cgf.delivery.undelivered", () => Interlocked.Read(ref _undelivered), "{file}",
            "Recorded export files not yet delivered as Cgf:Delivery:Mode needs");
        meter.CreateObservableGauge("cgf.delivery.undelivered_age", () => UndeliveredAge().TotalSeconds, "s",
            "Age of the oldest undelivered export file");
        meter.CreateObservableCounter("cgf.export.files_deleted", () => _retention.DeletedTotal, "{file}",
            "Export files deleted by the directory's retention since start");
    }

    /// <summary>Why /readyz should say not ready, or null (docs/operations.md "Readiness").</summary>
    public string? NotReadyReason
    {
        get
        {
            if (_deliverer is not { } deliverer || Interlocked.Read(ref _undelivered) == 0)
                return null;
            var now = _time.GetUtcNow();
            var age = UndeliveredAge();
            var lastSuccess = deliverer.LastSuccess ?? _startedAt;
            if (age < _options.Delivery.NotReadyAfter || now - lastSuccess < _options.Delivery.NotReadyAfter)
                return null;
            return $"{Interlocked.Read(ref _undelivered)} export files undelivered, the oldest for {age:g}, and no destination took one since {lastSuccess:u}";
        }
    }

    private TimeSpan UndeliveredAge()
    {
        var oldest = Interlocked.Read(ref _oldestUndeliveredMs);
        return oldest == 0 ? TimeSpan.Zero : _time.GetUtcNow() - DateTimeOffset.FromUnixTimeMilliseconds(oldest);
    }

    private IEnumerable<Measurement<long>> PerDestination(Func<Deliverer, int, long> value)
    {
        if (_deliverer is not { } deliverer)
            yield break;
        var keys = deliverer.Keys;
        for (var i = 0; i < keys.Count; i++)
            yield return new Measurement<long>(value(deliverer, i), new KeyValuePair<string, object?>("destination", keys[i]));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _startedAt = _time.GetUtcNow();
        using var timer = new PeriodicTimer(_options.Delivery.PollInterval);
        try
        {
            do
            {
                if (!_state.IsStorageOpen || _live.Current.Export.Directory is not { Length: > 0 } directory)
                    continue;
                // A pool delivers from the CGF that exports (docs/cgf-pool.md): two delivering at once could each send a
                // file in Failover mode, and each would rewrite the pool's destination states.
                if (_export.Status.PoolExporter is not null)
                    continue;
                var export = _live.Current.Export;
                await Task.Run(() => Poll(directory, export, stoppingToken), stoppingToken).ConfigureAwait(false);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            _deliverer?.Dispose();
            _deliverer = null;
        }
    }

    private void Poll(string directory, ExportOptions export, CancellationToken stoppingToken)
    {
        var delivery = _options.Delivery;
        if (delivery.Destinations.Count > 0)
        {
            try
            {
                _deliverer ??= new Deliverer(delivery, _options.StorageLocation(), _logger, _alarms, _time);
                _deliverer.Pass(directory, stoppingToken);
                var (count, oldest) = _deliverer.Undelivered();
                Interlocked.Exchange(ref _undelivered, count);
                Interlocked.Exchange(ref _oldestUndeliveredMs, oldest?.ToUnixTimeMilliseconds() ?? 0);
                if (count >= delivery.UndeliveredAlarmFiles)
                    _alarms.Raise(CgfAlarms.DeliveryBacklog, "", $"{count} export files undelivered, the oldest since {oldest:u}");
                else
                    _alarms.Clear(CgfAlarms.DeliveryBacklog);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // The loop never ends on a failure: the database or an unforeseen client error; the next poll starts afresh.
                DeliveryLog.PollFailed(_logger, exception);
                _deliverer?.Dispose();
                _deliverer = null;
                return;
            }
        }
        try
        {
            if (!Directory.Exists(directory))
                return;
            // With destinations a file goes only once delivered as the mode needs (the deliverer exists: this poll's pass
            // succeeded); without, age alone counts: billing collects by pull.
            Func<string, bool> isDelivered = delivery.Destinations.Count == 0 ? static _ => true : _deliverer!.IsDelivered;
            _retention.Run(directory, _options.NodeId, export, isDelivered, _time.GetUtcNow());
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or SqliteException)
        {
            DeliveryLog.RetentionFailed(_logger, directory, exception);
        }
    }
}
