using Cgf.Server.Configuration;
using Cgf.Server.Diagnostics;
using Cgf.Server.Protocol;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Storage.Cgf;

namespace Cgf.Server.Hosting;

/// <summary>
/// Keeps the CDR lookup tables (IMSI, charging ID, opening time) behind ingest, never in its way: a chunk
/// (one short transaction) only when the writer has nothing queued, then a pause so the writer gets the
/// SQLite write lock first; every second when caught up. Under sustained full load the backlog waits
/// (queries scan it directly) and is indexed when load drops.
/// </summary>
public sealed class CdrIndexService(IOptions<CgfOptions> options, CgfState state, ILogger<CdrIndexService> logger) : BackgroundService
{
    public const int Chunk = 4000;
    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(20);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        CdrIndexer? indexer = null;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var covered = 0;
                if (state.IsStorageOpen && state.Writer.QueueDepth == 0)
                {
                    try
                    {
                        indexer ??= new CdrIndexer(options.Value.Storage.Path);
                        covered = await Task.Run(() => indexer.IndexNext(Chunk), stoppingToken).ConfigureAwait(false);
                    }
                    catch (Exception exception) when (exception is SqliteException or IOException or InvalidOperationException)
                    {
                        ExportLog.IndexFailed(logger, exception.Message);
                        indexer?.Dispose();
                        indexer = null;
                    }
                }
                var busy = state.IsStorageOpen && state.Writer.QueueDepth > 0;
                await Task.Delay(covered > 0 || busy ? Pause : Idle, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            indexer?.Dispose();
        }
    }
}
