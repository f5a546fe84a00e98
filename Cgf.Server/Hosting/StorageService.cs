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
    : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var cgf = options.Value;
        state.RestartCounter = CgfDatabase.IncrementRestartCounter(cgf.Storage.Path);
        state.Writer = new CgfWriter<PendingTransfer>(new CgfWriterOptions
        {
            Path = cgf.Storage.Path,
            MaxBatchRequests = cgf.Storage.MaxBatchRequests,
            MaxDatabaseBytes = cgf.Storage.MaxDatabaseSize,
            PossiblyDuplicateHoldTime = cgf.PossiblyDuplicateHoldTime,
            MaintenanceInterval = TimeSpan.FromTicks(Math.Clamp(cgf.PossiblyDuplicateHoldTime.Ticks / 10, TimeSpan.FromMilliseconds(200).Ticks, TimeSpan.FromSeconds(30).Ticks)),
            OutcomeCounterName = TransferOutcomeCause.CounterName,
        }, responses);
        Log.Started(logger, cgf.NodeId, state.RestartCounter, Path.GetFullPath(cgf.Storage.Path));
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (!state.IsStorageOpen)
            return;
        state.Writer.Complete();
        await state.Writer.Stopped.WaitAsync(cancellationToken).ConfigureAwait(false);
    }
}
