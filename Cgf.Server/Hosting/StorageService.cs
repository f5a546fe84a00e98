using Cgf.Server.Configuration;
using Cgf.Server.Diagnostics;
using Cgf.Server.Protocol;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Storage.Cgf;
using Storage.Cgf.Writer;

namespace Cgf.Server.Hosting;

/// <summary>
/// Opens the database first (restart counter incremented and committed before anything is answered)
/// and closes it last: on stop the writer commits and answers everything still queued.
/// </summary>
public sealed class StorageService(IOptions<CgfOptions> options, CgfState state, ResponseSender responses, ILogger<StorageService> logger)
    : IHostedLifecycleService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var cgf = options.Value;
        try
        {
            Open(cgf);
        }
        catch (Exception exception) when (CgfStorage.IsFailure(exception) || exception is UnauthorizedAccessException)
        {
            // SQLite's "unable to open database file" does not say which file, nor Npgsql's "Failed to connect" which database.
            var location = cgf.StorageLocation();
            var what = location.Provider == StorageProvider.Sqlite ? $"database {location.Describe()}" : location.Describe();
            throw new IOException($"cannot open {what} ({location.ConfigurationKey}): {exception.Message}", exception);
        }
        return Task.CompletedTask;
    }

    /// <summary>Logged once every service has started, so a start that fails later (a port in use) prints only its error line.</summary>
    public Task StartedAsync(CancellationToken cancellationToken)
    {
        var cgf = options.Value;
        Log.Started(logger, cgf.NodeId, state.RestartCounter, cgf.StorageLocation().Describe());
        return Task.CompletedTask;
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Every service has stopped (export and delivery too): the connections to a pool's server are closed.</summary>
    public Task StoppedAsync(CancellationToken cancellationToken)
    {
        if (state.IsStorageOpen)
            CgfStorage.Close(options.Value.StorageLocation());
        return Task.CompletedTask;
    }

    private void Open(CgfOptions cgf)
    {
        state.RestartCounter = CgfStorage.IncrementRestartCounter(cgf.StorageLocation());
        state.Writer = new CgfWriterGroup<PendingTransfer>(new CgfWriterOptions
        {
            Location = cgf.StorageLocation(),
            MaxBatchRequests = cgf.Storage.MaxBatchRequests,
            MaxDatabaseBytes = cgf.Storage.MaxDatabaseSize,
            Retention = cgf.Retention.Cdrs,
            IndexSegmentSpan = IndexSegmentSpan(cgf.Retention.Cdrs),
            PossiblyDuplicateHoldTime = cgf.PossiblyDuplicateHoldTime,
            MaintenanceInterval = TimeSpan.FromTicks(Math.Clamp(cgf.PossiblyDuplicateHoldTime.Ticks / 10, TimeSpan.FromMilliseconds(200).Ticks, TimeSpan.FromSeconds(30).Ticks)),
            OutcomeCounterName = TransferOutcomeCause.CounterName,
        }, cgf.Storage.EffectiveWriters, responses);
    }

    /// <summary>
    /// A 48th of the retention time, from a second to an hour: retention drops lookup entries a segment at a time, and a
    /// query seeks once per segment kept (168 for the default week).
    /// </summary>
    internal static TimeSpan IndexSegmentSpan(TimeSpan retention) =>
        retention <= TimeSpan.Zero ? CdrIndexer.DefaultSegmentSpan
        : TimeSpan.FromTicks(Math.Clamp(retention.Ticks / 48, TimeSpan.TicksPerSecond, CdrIndexer.DefaultSegmentSpan.Ticks));

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (!state.IsStorageOpen)
            return;
        state.Writer.Complete();
        await state.Writer.Stopped.WaitAsync(cancellationToken).ConfigureAwait(false);
    }
}
