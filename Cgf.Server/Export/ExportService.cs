using Cgf.Server.Configuration;
using Cgf.Server.Diagnostics;
using Cgf.Server.Hosting;
using Cgf.Server.Monitoring;
using Cgf.Server.Protocol;
using Cgf.Server.Reload;
using Charging.CdrFiles;
using Charging.GtpPrime;
using Charging.GtpPrime.Messages;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Operations.Alarms;
using Storage.Cgf;

namespace Cgf.Server.Export;

/// <summary>
/// Continuous export when Cgf:Export:Directory is set: every poll, closes files at Max CDRs, Max bytes
/// or, for the CDRs waiting longest, Max age (whichever comes first). If the directory stays unwritable
/// for Cgf:Export:DownstreamLossAfter, sends active peers a Redirection Request with cause 62 ("another
/// node is about to go down": docs/gtp-prime.md §5.5 use 2, the CGF lost its link to the next node)
/// and keeps accepting CDRs; once exports succeed again, announces it with Node Alive. The Cgf:Export settings
/// reload live (<see cref="LiveCgfOptions"/>): a change closes the running exporter and starts one with the new settings.
/// </summary>
public sealed class ExportService(
    IOptions<CgfOptions> options,
    LiveCgfOptions live,
    CgfState state,
    ActivePeers activePeers,
    PeerRequester requester,
    AlarmRegistry alarms,
    ILogger<ExportService> logger) : BackgroundService
{
    private const string ProbeFileName = ".cgf-export.probe";

    // Used only by the export loop.
    private CdrExporter? _exporter;
    private DateTimeOffset? _failingSince;
    // Read by the status page.
    private volatile ExportStatus _status = ExportStatus.Off;
    private DateTimeOffset _lastFailureLog = DateTimeOffset.MinValue;

    /// <summary>True while peers have been told the link to billing is lost (for tests and status).</summary>
    public bool DownstreamLost { get; private set; }

    /// <summary>What the status page shows of export.</summary>
    public ExportStatus Status => _status;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            // Cgf:Export reloads live: each change of the settings ends the run of the ones before.
            while (!stoppingToken.IsCancellationRequested)
            {
                var changed = live.Changed;
                var export = live.Current.Export;
                if (export.Directory is { Length: > 0 } directory)
                {
                    await ExportUntilChangedAsync(export, directory, changed, stoppingToken).ConfigureAwait(false);
                }
                else
                {
                    // No downstream left to lose: export is off (the `export` command does it by hand).
                    OnOutcome(null, null, stoppingToken);
                    _status = ExportStatus.Off;
                    await changed.WaitAsync(stoppingToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task ExportUntilChangedAsync(ExportOptions export, string directory, Task changed, CancellationToken stoppingToken)
    {
        var cgf = options.Value;
        ExportLog.Started(logger, Path.GetFullPath(directory), export.MaxCdrs, export.MaxBytes, export.MaxAge);
        _status = new ExportStatus(Path.GetFullPath(directory), null, false, null);
        // A pool on one PostgreSQL database exports from one CGF at a time (docs/cgf-pool.md "One exporter").
        using var lease = CgfStorage.CreateExportLease(cgf.StorageLocation(), export.TakeoverAfter);
        var settings = new CdrExporterSettings(cgf.StorageLocation(), directory, cgf.NodeId, NodeAddress.Resolve(cgf, export),
            export.MaxCdrs, export.MaxBytes, export.MaxAge, lease);
        using var timer = new PeriodicTimer(export.PollInterval);
        try
        {
            do
            {
                if (!state.IsStorageOpen)
                    continue;
                Exception? failure;
                try
                {
                    if (lease is not null && !await Task.Run(() => HoldsLease(lease), stoppingToken).ConfigureAwait(false))
                        continue;
                    await Task.Run(() => ExportDue(settings), stoppingToken).ConfigureAwait(false);
                    failure = null;
                }
                catch (Exception exception) when (CgfStorage.IsFailure(exception) || exception is UnauthorizedAccessException)
                {
                    failure = exception;
                    _exporter?.Dispose();
                    _exporter = null; // Recreated (with recovery) on the next poll.
                }
                OnOutcome(export, failure is null ? null : (directory, failure), stoppingToken);
            }
            while (await NextPollAsync(timer, changed, stoppingToken).ConfigureAwait(false));
        }
        finally
        {
            _exporter?.Dispose();
            _exporter = null;
            // Stopping: the next CGF of the pool need not wait for the takeover time.
            if (lease?.Holder == cgf.NodeId)
                lease.Release();
        }
    }

    /// <summary>
    /// Takes or renews the pool's export lease. Without it this CGF stands by (its exporter closed, so that taking the
    /// lease later starts with recovery of what the previous holder left); with it newly taken, the log says from whom.
    /// </summary>
    private bool HoldsLease(IExportLease lease)
    {
        var before = _status.PoolExporter;
        var wasHolder = _exporter is not null;
        if (!lease.TryAcquire())
        {
            _exporter?.Dispose();
            _exporter = null;
            _status = _status with { PoolExporter = lease.Holder };
            if (before != lease.Holder && lease.Holder is { } holder)
                ExportLog.StandingBy(logger, holder);
            return false;
        }
        _status = _status with { PoolExporter = null };
        if (lease.PreviousHolder is { } previous && previous != options.Value.NodeId)
            ExportLog.LeaseTakenOver(logger, previous, NextFileSequenceNumber());
        else if (!wasHolder && before is not null)
            ExportLog.LeaseAcquired(logger);
        return true;
    }

    private uint NextFileSequenceNumber()
    {
        using var store = CgfStorage.OpenExportStore(options.Value.StorageLocation());
        return store.NextFileSequenceNumber();
    }

    /// <summary>False when the live settings changed: the exporter is then rebuilt with the new ones.</summary>
    private static async Task<bool> NextPollAsync(PeriodicTimer timer, Task changed, CancellationToken stoppingToken)
    {
        var tick = timer.WaitForNextTickAsync(stoppingToken).AsTask();
        var first = await Task.WhenAny(tick, changed).ConfigureAwait(false);
        return first == tick ? await tick.ConfigureAwait(false) : false;
    }

    /// <summary>Writes every file that is due; when none is but CDRs wait, proves the directory writable.</summary>
    private void ExportDue(CdrExporterSettings settings)
    {
        _exporter ??= new CdrExporter(settings, logger);
        var maxAgeMs = (long)settings.MaxAge.TotalMilliseconds;
        var wrote = false;
        foreach (var possiblyDuplicate in new[] { false, true })
        {
            while (_exporter.IsFileDue(possiblyDuplicate, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()) &&
                   _exporter.ExportFile(possiblyDuplicate, openedAtMs =>
                       DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - openedAtMs >= maxAgeMs ? FileClosureTriggerReason.FileOpenTimeLimitReached : null) is { } file)
            {
                wrote = true;
                _status = _status with { LastFile = Path.GetFileName(file.Path) };
                ExportLog.FileExported(logger, Path.GetFileName(file.Path), file.CdrCount, file.Length, file.FileSequenceNumber, file.Reason);
            }
        }
        if (!wrote && (_failingSince is not null || _exporter.AnyExportable()))
        {
            var probe = Path.Combine(settings.Directory, ProbeFileName);
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
        }
    }

    /// <param name="export">The settings in force; null when export is off.</param>
    /// <param name="failure">The directory and why this poll failed; null when it succeeded (or export is off).</param>
    private void OnOutcome(ExportOptions? export, (string Directory, Exception Exception)? failure, CancellationToken stoppingToken)
    {
        var now = DateTimeOffset.UtcNow;
        if (failure is null)
        {
            _failingSince = null;
            _status = _status with { FailingSince = null, DownstreamLost = false };
            if (!DownstreamLost)
                return;
            DownstreamLost = false;
            alarms.Clear(CgfAlarms.ExportDownstreamLost);
            var peers = activePeers.Within(options.Value.ActivePeerWindow);
            ExportLog.DownstreamRestored(logger, peers.Count);
            var address = NodeAddress.Resolve(options.Value, export ?? options.Value.Export);
            foreach (var (peer, channel) in peers)
                _ = requester.RequestAsync(peer, channel, new NodeAliveRequest(address), stoppingToken);
            return;
        }
        var (directory, exception) = failure.Value;
        _failingSince ??= now;
        _status = _status with { FailingSince = _failingSince };
        if (now - _lastFailureLog >= TimeSpan.FromMinutes(1))
        {
            _lastFailureLog = now;
            ExportLog.Failing(logger, directory, _failingSince.Value, exception);
        }
        if (DownstreamLost || now - _failingSince.Value < export!.DownstreamLossAfter)
            return;
        DownstreamLost = true;
        _status = _status with { DownstreamLost = true };
        alarms.Raise(CgfAlarms.ExportDownstreamLost, "", $"export to {directory} failing since {_failingSince.Value:u}: {exception.Message}");
        var active = activePeers.Within(options.Value.ActivePeerWindow);
        ExportLog.DownstreamLost(logger, now - _failingSince.Value, active.Count);
        var recommended = live.Current.RecommendedNode;
        foreach (var (peer, channel) in active)
            _ = requester.RequestAsync(peer, channel, new RedirectionRequest(GtpPrimeCause.AnotherNodeAboutToGoDown, recommended), stoppingToken);
    }
}
