using Gtp.Firewall.Configuration;
using Gtp.Firewall.Inspection;
using Gtp.Firewall.Logging;
using Gtp.Firewall.Policies;
using Gtp.Firewall.State;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Operations.Http;
using System.Net.Sockets;
using System.Text.Json;

namespace Gtp.Firewall.Inline;

/// <summary>
/// The <c>run</c> daemon's one hosted service: binds the NFQUEUE queues (Firewall:Queue:Number, Count), runs each
/// queue's packet loop on a dedicated thread until the host stops (SIGTERM/SIGINT through the host's console
/// lifetime), then closes the tunnel observer (records closed and drained), flushes the log and prints the counters.
/// The queues share one engine; a packet thread inspects a batch holding the engine lock (docs/firewall-multicore.md).
/// Threads: the packet threads (recv, inspect, verdict — they block on nothing but the engine lock), the log writer task (<see cref="QueuedFirewallLog"/>), the syslog UDP
/// pump, and whatever the tunnel observer runs.
/// </summary>
internal sealed class QueueService(
    IOptions<FirewallOptions> options,
    FirewallPolicy policy,
    ILoggerFactory loggerFactory,
    IHostApplicationLifetime lifetime,
    RunOutcome outcome,
    RunState state,
    HttpEndpoint endpoint) : BackgroundService
{
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await RunAsync(stoppingToken).ConfigureAwait(false);
        }
        finally
        {
            // The queue loop is the daemon: when it ends (stopped, or failed to start) the host ends.
            lifetime.StopApplication();
        }
    }

    private async Task RunAsync(CancellationToken stoppingToken)
    {
        var firewall = options.Value;
        var output = outcome.Output;
        var syslog = new SyslogFirewallLog(firewall.Syslog, output);
        var log = new QueuedFirewallLog(syslog, firewall.Queue.LogQueueCapacity);
        var engine = new GtpInspectionEngine(policy, log, expectedTunnels: 65_536);
        engine.Tunnels.MaxTunnels = firewall.MaxTunnels;
        // Every use of the engine by a packet thread (a batch, a sweep, a policy swap) holds this lock.
        var engineLock = new Lock();
        TunnelObserverHook? observers = null;
        Exception? failure = null;
        QueueSet? queues = null;
        var reloads = new PolicyMailbox();
        PolicyReloader? reloader = null;
        StateCheckpointer? checkpointer = null;
        IStateSink? stateSink = null;
        var stateStore = "";
        var stateLogger = loggerFactory.CreateLogger("Gtp.Firewall.State");
        try
        {
            queues = OpenQueues(firewall.Queue, engine, engineLock, reloads);
            state.Bound(queues, engine);
            // After the queues are bound, so a second instance fails on a queue, not on the CDF's socket.
            observers = await TunnelObserverHook.CreateAsync(firewall, loggerFactory, output).ConfigureAwait(false);
            observers.Attach(engine);
            // Before the packet thread reads its first packet: tunnels of the last run pass again at once.
            (checkpointer, stateSink, stateStore) = RestoreState(firewall, engine, observers, stateLogger);
            if (checkpointer is not null)
            {
                foreach (var queue in queues.Queues)
                {
                    // Called under the engine lock, like the inspection: the checkpoint reads a consistent table.
                    queue.AfterBatch = checkpointer.AfterBatch;
                }
            }
            state.ChargingStarted(observers.Charging);
            endpoint.Announce();
            if (outcome.ConfigPath is { } configPath)
            {
                reloader = new PolicyReloader(configPath, firewall, reloads, engine.Counters, () => engine.Tunnels.Count, loggerFactory.CreateLogger<PolicyReloader>());
            }
            var packets = RunPacketThreads(queues, stoppingToken);
            output.WriteLine($"run: {firewall.Queue.Describe()} bound (fail-open {(firewall.Queue.FailOpen ? "on" : "off")}); zones by interface: {DescribeZones(policy)}");
            output.Flush();
            await packets.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is QueueStartException or FirewallStateException)
        {
            failure = ex;
        }
        catch (Exception ex) when (ex is SocketException or SqliteException or IOException or UnauthorizedAccessException)
        {
            failure = new IOException($"charging could not start: {ex.Message}", ex);
        }
        finally
        {
            reloader?.Dispose();
            state.Unbound();
            queues?.Dispose();
            // The packet threads have stopped: the engine is this thread's now.
            // A state that could not be read leaves the records as the outbox has them: closing a half-restored table
            // would count its octets again.
            var keepRecordsOpen = failure is FirewallStateException
                || (checkpointer is not null && !firewall.Charging.CloseRecordsOnStop
                    && await FinalCheckpointAsync(checkpointer, engine.Tunnels.Count, stateStore, stateLogger).ConfigureAwait(false));
            if (observers is not null)
            {
                // Traffic may have opened records: close them even after a read failure, unless the state keeps them.
                await observers.CloseAsync(closeRecords: !keepRecordsOpen).ConfigureAwait(false);
            }
            if (stateSink is not null)
            {
                await stateSink.DisposeAsync().ConfigureAwait(false);
            }
            if (observers is not null)
            {
                await observers.DisposeAsync().ConfigureAwait(false);
            }
            await log.DisposeAsync().ConfigureAwait(false);
            await syslog.DisposeAsync().ConfigureAwait(false);
        }
        if (failure is not null)
        {
            outcome.Failure = failure;
            return;
        }
        var snapshot = engine.Counters.Snapshot();
        output.WriteLine();
        output.WriteLine($"queue: {queues!.Accepted} accepted, {queues.Dropped} dropped, {queues.VerdictMessages} verdict messages, {queues.VerdictFailures} verdict failures, {log.Dropped} log entries dropped");
        output.WriteLine($"fragments held: {queues.HeldTotal}, released with their datagram's accept {queues.HeldAccepted}, dropped {queues.HeldDropped} (at stop, discarded or refused datagrams), {queues.HeldOverflows} over Firewall:Queue:MaxHeldFragments");
        if (queues.Queues.Count > 1)
        {
            foreach (var queue in queues.Queues)
            {
                output.WriteLine($"queue {queue.Number}: {queue.Accepted} accepted, {queue.Dropped} dropped, {queue.VerdictMessages} verdict messages, {queue.VerdictFailures} verdict failures, {queue.Unjudged} unjudged");
            }
        }
        if (queues.InternalErrors > 0)
        {
            output.WriteLine($"inspection errors: {queues.InternalErrors}, first: {queues.FirstInternalError}");
        }
        output.Write(snapshot.ToText());
        output.Flush();
        if (outcome.JsonPath is not null)
        {
            await using var file = File.Create(outcome.JsonPath);
            await JsonSerializer.SerializeAsync(file, new
            {
                Queue = new
                {
                    queues.Accepted, queues.Dropped, queues.VerdictMessages, queues.VerdictFailures, LogDropped = log.Dropped, queues.InternalErrors, queues.PoliciesTaken,
                    queues.HeldTotal, queues.HeldAccepted, queues.HeldDropped, queues.HeldOverflows,
                },
                Queues = queues.Queues.Select(q => new { q.Number, q.Accepted, q.Dropped, q.VerdictMessages, q.VerdictFailures, q.Unjudged, q.InternalErrors, q.HeldTotal, q.HeldAccepted, q.HeldDropped, q.HeldOverflows }),
                Counters = snapshot,
                Tunnels = engine.Tunnels.Count,
            }, JsonOptions, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The tunnel state (docs/firewall-design.md, "Tunnel state"): in the charging outbox, else in
    /// <c>Firewall:Charging:StateFile</c>, else not kept. Restores it into the engine before traffic.
    /// </summary>
    private static (StateCheckpointer?, IStateSink?, string) RestoreState(FirewallOptions firewall, GtpInspectionEngine engine, TunnelObserverHook observers, ILogger logger)
    {
        IStateSink sink;
        string where;
        if (observers.Charging is { } charging)
        {
            sink = new ChargingStateSink(charging);
            where = charging.Options.Outbox;
        }
        else if (firewall.Charging.StateFile.Length > 0)
        {
            where = firewall.Charging.StateFile;
            try
            {
                sink = new StateFile(where);
            }
            catch (Exception ex) when (ex is SqliteException or IOException or UnauthorizedAccessException or InvalidOperationException)
            {
                // Not a state file, damaged, or of a newer schema version: one line, exit code 3.
                throw new FirewallStateException($"state: {where}: {ex.Message}", ex);
            }
        }
        else
        {
            return (null, null, "");
        }
        var checkpointer = new StateCheckpointer(engine.Tunnels, sink, observers.Observer, firewall.Charging.CheckpointInterval);
        if (!checkpointer.TryRestore(out var restored, out var error))
        {
            if (sink is StateFile file)
            {
                file.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
            throw new FirewallStateException($"state: {where}: {error}");
        }
        engine.Counters.Tunnels = engine.Tunnels.Count;
        StateLog.Restored(logger, restored, observers.Observer?.OpenRecords ?? 0, where);
        return (checkpointer, sink, where);
    }

    /// <summary>Graceful stop: every tunnel and open record written (true), so the next start continues counting.</summary>
    private static async Task<bool> FinalCheckpointAsync(StateCheckpointer checkpointer, int tunnels, string store, ILogger logger)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            if (checkpointer.CaptureAll())
            {
                await checkpointer.FlushAsync().ConfigureAwait(false);
                StateLog.FinalCheckpoint(logger, tunnels, store);
                return true;
            }
            // The queue is full or final records wait in the spill list: let the writer catch up.
            await Task.Delay(50).ConfigureAwait(false);
        }
        StateLog.FinalCheckpointFailed(logger);
        return false;
    }

    /// <summary>Binds every configured queue, or none: a queue that fails closes those already bound.</summary>
    private static QueueSet OpenQueues(QueueOptions options, GtpInspectionEngine engine, Lock engineLock, PolicyMailbox reloads)
    {
        var bound = new List<NetfilterQueue>(options.Count);
        try
        {
            foreach (var number in options.Numbers)
            {
                bound.Add(NetfilterQueue.Open(options, number, engine, engineLock, reloads));
            }
            return new QueueSet(bound);
        }
        catch
        {
            bound.ForEach(q => q.Dispose());
            throw;
        }
    }

    /// <summary>
    /// One packet loop per queue, each on its own thread (it blocks in recv); the task ends when every loop has
    /// returned. A loop that fails stops the others, and the task then carries its error.
    /// </summary>
    private static async Task RunPacketThreads(QueueSet queues, CancellationToken stop)
    {
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(stop);
        var loops = queues.Queues.Select(queue => RunPacketThread(queue, failed)).ToList();
        await Task.WhenAll(loops).ConfigureAwait(false);
    }

    private static Task RunPacketThread(NetfilterQueue queue, CancellationTokenSource stop)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var token = stop.Token;
        var thread = new Thread(() =>
        {
            try
            {
                queue.Run(token);
                done.SetResult();
            }
            catch (QueueStartException ex)
            {
                stop.Cancel();
                done.SetException(ex);
            }
        })
        { Name = $"nfqueue-{queue.Number}", IsBackground = true };
        thread.Start();
        return done.Task;
    }

    private static string DescribeZones(FirewallPolicy policy)
    {
        var parts = policy.Zones.Where(z => z.Interfaces.Count > 0).Select(z => $"{z.Name}={string.Join(',', z.Interfaces)}").ToList();
        return parts.Count == 0 ? "none (zones from Networks)" : string.Join(' ', parts);
    }
}
