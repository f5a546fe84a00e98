using Cgf.Server.Configuration;
using Cgf.Server.Diagnostics;
using Cgf.Server.Hosting;
using Cgf.Server.Monitoring;
using Cgf.Server.Protocol;
using Charging.CdrFiles;
using Charging.GtpPrime;
using Charging.GtpPrime.Messages;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Operations.Alarms;

namespace Cgf.Server.Export;

/// <summary>
/// Continuous export when Cgf:Export:Directory is set: every poll, closes files at Max CDRs, Max bytes
/// or, for the CDRs waiting longest, Max age (whichever comes first). If the directory stays unwritable
/// for Cgf:Export:DownstreamLossAfter, sends active peers a Redirection Request with cause 62 ("another
/// node is about to go down": docs/gtp-prime.md §5.5 use 2, the CGF lost its link to the next node)
/// and keeps accepting CDRs; once exports succeed again, announces it with Node Alive.
/// </summary>
public sealed class ExportService(
    IOptions<CgfOptions> options,
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
        var cgf = options.Value;
        if (cgf.Export.Directory is not { Length: > 0 } directory)
            return;
        ExportLog.Started(logger, Path.GetFullPath(directory), cgf.Export.MaxCdrs, cgf.Export.MaxBytes, cgf.Export.MaxAge);
        _status = new ExportStatus(Path.GetFullPath(directory), null, false, null);
        var settings = new CdrExporterSettings(cgf.Storage.Path, directory, cgf.NodeId, NodeAddress.Resolve(cgf),
            cgf.Export.MaxCdrs, cgf.Export.MaxBytes, cgf.Export.MaxAge);
        using var timer = new PeriodicTimer(cgf.Export.PollInterval);
        try
        {
            do
            {
                if (!state.IsStorageOpen)
                    continue;
                Exception? failure;
                try
                {
                    await Task.Run(() => ExportDue(settings), stoppingToken).ConfigureAwait(false);
                    failure = null;
                }
                catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or SqliteException or InvalidOperationException)
                {
                    failure = exception;
                    _exporter?.Dispose();
                    _exporter = null; // Recreated (with recovery) on the next poll.
                }
                OnOutcome(directory, failure, stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            _exporter?.Dispose();
            _exporter = null;
        }
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

    private void OnOutcome(string directory, Exception? failure, CancellationToken stoppingToken)
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
            var address = NodeAddress.Resolve(options.Value);
            foreach (var (peer, channel) in peers)
                _ = requester.RequestAsync(peer, channel, new NodeAliveRequest(address), stoppingToken);
            return;
        }
        _failingSince ??= now;
        _status = _status with { FailingSince = _failingSince };
        if (now - _lastFailureLog >= TimeSpan.FromMinutes(1))
        {
            _lastFailureLog = now;
            ExportLog.Failing(logger, directory, _failingSince.Value, failure);
        }
        if (DownstreamLost || now - _failingSince.Value < options.Value.Export.DownstreamLossAfter)
            return;
        DownstreamLost = true;
        _status = _status with { DownstreamLost = true };
        alarms.Raise(CgfAlarms.ExportDownstreamLost, "", $"export to {directory} failing since {_failingSince.Value:u}: {failure.Message}");
        var active = activePeers.Within(options.Value.ActivePeerWindow);
        ExportLog.DownstreamLost(logger, now - _failingSince.Value, active.Count);
        var recommended = options.Value.RecommendedNode is { Length: > 0 } text ? System.Net.IPAddress.Parse(text) : null;
        foreach (var (peer, channel) in active)
            _ = requester.RequestAsync(peer, channel, new RedirectionRequest(GtpPrimeCause.AnotherNodeAboutToGoDown, recommended), stoppingToken);
    }
}
