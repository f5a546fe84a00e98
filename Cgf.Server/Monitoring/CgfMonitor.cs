using Cgf.Server.Configuration;
using Cgf.Server.Diagnostics;
using Cgf.Server.Protocol;
using Cgf.Server.Transport;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Operations.Alarms;
using Operations.Health;
using Storage.Cgf;

namespace Cgf.Server.Monitoring;

/// <summary>
/// Samples what the gauges, the readiness check and the status page show (file sizes, free disk, pending counts,
/// rates) every <see cref="Interval"/>, so a scrape or a page load does no I/O, and raises and clears the alarms that
/// follow from a sample: disk space, database size, silent peers, duplicate frames no longer seen.
/// </summary>
public sealed class CgfMonitor(
    IOptions<CgfOptions> options,
    CgfState state,
    CgfMetrics metrics,
    PeerRegistry peers,
    AlarmRegistry alarms,
    DuplicateFrameAlarm duplicateFrames,
    FreeDiskMonitor freeDisk,
    ILogger<CgfMonitor> logger) : BackgroundService, IReadinessCheck
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    private readonly StorageLimits _limits = new();
    private readonly long _startedMs = Environment.TickCount64;
    private volatile CgfSample _latest = CgfSample.Empty;

    // Used only by the sampling loop.
    private long _lastCdrs;
    private long _lastRequests;
    private long _lastSampleMs;
    private long _lastRetentionFailures;

    public CgfSample Latest => _latest;

    public ReadinessResult Check()
    {
        var sample = _latest;
        if (freeDisk.IsLow)
            return ReadinessResult.NotReady(
                $"disk full: {sample.DiskFreeBytes} bytes free on the database's volume (Cgf:Storage:MinFreeDisk {freeDisk.Threshold})");
        var max = options.Value.Storage.MaxDatabaseSize;
        if (StorageLimits.IsDatabaseFull(sample.DatabaseBytes + sample.WalBytes, max))
            return ReadinessResult.NotReady(
                $"database full: {sample.DatabaseBytes + sample.WalBytes} bytes with its WAL, of Cgf:Storage:MaxDatabaseSize {max} bytes");
        return ReadinessResult.Ready;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        alarms.Declare(CgfAlarms.All);
        using var timer = new PeriodicTimer(Interval);
        try
        {
            do
            {
                try
                {
                    SampleOnce();
                }
                catch (Exception exception) when (CgfStorage.IsFailure(exception) || exception is UnauthorizedAccessException)
                {
                    // A failed look must not stop monitoring; storage failures themselves are the writer's to report.
                    Log.MonitorSampleFailed(logger, exception.Message);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Takes a sample now and applies the alarms it implies (also used by tests through the host).</summary>
    public void SampleOnce()
    {
        var cgf = options.Value;
        var sqlite = cgf.Storage.Provider == StorageProvider.Sqlite;
        var path = Path.GetFullPath(cgf.Storage.Path);
        // On PostgreSQL the database's disk is the server's: its sizes are not this machine's files, and a full disk
        // there fails commits (answered 199, storage_failing) rather than being watched from here.
        var database = sqlite ? FileSize(path) : 0;
        var wal = sqlite ? FileSize(path + "-wal") : 0;
        var (free, total) = sqlite ? DiskSpace(path) : DiskSpace(Path.GetFullPath(AppContext.BaseDirectory));
        var activity = !state.IsStorageOpen ? null
            : sqlite ? (File.Exists(path) ? CgfActivityReader.Read(path) : null)
            : CgfStorage.ReadActivity(cgf.StorageLocation());

        var nowMs = Environment.TickCount64;
        var cdrs = metrics.CommittedCdrsTotal;
        var requests = metrics.WriterRequestsTotal;
        var seconds = _lastSampleMs == 0 ? 0 : (nowMs - _lastSampleMs) / 1000.0;
        var sample = new CgfSample(DateTimeOffset.UtcNow, database, wal, free, total, activity,
            seconds > 0 ? (cdrs - _lastCdrs) / seconds : 0, seconds > 0 ? (requests - _lastRequests) / seconds : 0);
        (_lastCdrs, _lastRequests, _lastSampleMs) = (cdrs, requests, nowMs);
        _latest = sample;

        _limits.ObserveDisk(free, total);
        if (freeDisk.Observe(free, total) && freeDisk.IsLow)
            RetentionLog.FreeDiskLow(logger, free, freeDisk.Threshold.ToString());
        // One alarm for both: the volume's share below 10 %, or free space below Cgf:Storage:MinFreeDisk (requests refused).
        if (_limits.DiskAlarm || freeDisk.IsLow)
            alarms.Raise(CgfAlarms.DiskSpaceLow, "", freeDisk.IsLow
                ? $"{free} of {total} bytes free on the database's volume, below Cgf:Storage:MinFreeDisk {freeDisk.Threshold}: new CDRs answered 199"
                : $"{free} of {total} bytes free on the database's volume (alarm below {StorageLimits.DiskAlarmFreeShare:P0})");
        else
            alarms.Clear(CgfAlarms.DiskSpaceLow);
        alarms.Apply(_limits.ObserveDatabase(database + wal, cgf.Storage.MaxDatabaseSize), CgfAlarms.DatabaseSizeNearLimit, "",
            $"database {database} and WAL {wal} bytes of Cgf:Storage:MaxDatabaseSize {cgf.Storage.MaxDatabaseSize} bytes (alarm at {StorageLimits.DatabaseAlarmShare:P0})");
        if (state.IsStorageOpen && state.Writer.RetentionFailures is var failures && failures > _lastRetentionFailures)
        {
            _lastRetentionFailures = failures;
            RetentionLog.RetentionFailing(logger, failures);
        }
        ObservePeers(cgf, nowMs);
        duplicateFrames.Expire();
    }

    private void ObservePeers(CgfOptions cgf, long nowMs)
    {
        foreach (var text in cgf.Peers)
        {
            // Prefixes name networks, not peers that echo: only single addresses are watched.
            if (!PeerNetwork.TryParse(text, out var network) || !PeerNetwork.IsSingleAddress(network))
                continue;
            var (_, key) = ListenSocket.Peer(network.BaseAddress);
            var lastHeard = peers.TryGet(key, out var entry) ? Math.Max(Volatile.Read(ref entry.LastSeenMs), _startedMs) : _startedMs;
            if (PeerSilence.IsSilent(lastHeard, nowMs, cgf.PeerEchoInterval))
                alarms.Raise(CgfAlarms.PeerSilent, key,
                    $"nothing received for {TimeSpan.FromMilliseconds(nowMs - lastHeard):g} (Cgf:PeerEchoInterval {cgf.PeerEchoInterval:g})");
            else
                alarms.Clear(CgfAlarms.PeerSilent, key);
        }
    }

    private static long FileSize(string path)
    {
        var file = new FileInfo(path);
        return file.Exists ? file.Length : 0;
    }

    private static (long Free, long Total) DiskSpace(string path)
    {
        var drive = new DriveInfo(Path.GetDirectoryName(path) ?? path);
        return (drive.AvailableFreeSpace, drive.TotalSize);
    }
}
