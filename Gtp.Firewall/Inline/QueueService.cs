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
/// The <c>run</c> daemon's one hosted service: binds the NFQUEUE queue, runs the packet loop on a dedicated thread
/// until the host stops (SIGTERM/SIGINT through the host's console lifetime), then closes the tunnel observer
/// (records closed and drained), flushes the log and prints the counters. Threads: the packet thread (recv, inspect,
/// verdict — never blocks on anything else), the log writer task (<see cref="QueuedFirewallLog"/>), the syslog UDP
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
        TunnelObserverHook? observers = null;
        var zones = new InterfaceZones(policy);
        Exception? failure = null;
        NetfilterQueue? queue = null;
        var reloads = new PolicyMailbox();
        PolicyReloader? reloader = null;
        StateCheckpointer? checkpointer = null;
        IStateSink? stateSink = null;
        var stateStore = "";
        var stateLogger = loggerFactory.CreateLogger("Gtp.Firewall.State");
        try
        {
            queue = NetfilterQueue.Open(firewall.Queue, engine, zones, reloads);
            state.Bound(queue, engine);
            // After the queue is bound, so a second instance fails on the queue, not on the CDF's socket.
            observers = await TunnelObserverHook.CreateAsync(firewall, loggerFactory, output).ConfigureAwait(false);
            observers.Attach(engine);
            // Before the packet thread reads its first packet: tunnels of the last run pass again at once.
            (checkpointer, stateSink, stateStore) = RestoreState(firewall, engine, observers, stateLogger);
            if (checkpointer is not null)
            {
                queue.AfterBatch = checkpointer.AfterBatch;
            }
            state.ChargingStarted(observers.Charging);
            endpoint.Announce();
            if (outcome.ConfigPath is { } configPath)
            {
                reloader = new PolicyReloader(configPath, firewall, reloads, engine.Counters, () => engine.Tunnels.Count, loggerFactory.CreateLogger<PolicyReloader>());
            }
            var packets = RunPacketThread(queue, stoppingToken);
            output.WriteLine($"run: queue {firewall.Queue.Number} bound (fail-open {(firewall.Queue.FailOpen ? "on" : "off")}); zones by interface: {DescribeZones(policy)}");
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
            queue?.Dispose();
            // The packet thread has stopped: the engine is this thread's now.
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
        output.WriteLine($"queue: {queue!.Accepted} accepted, {queue.Dropped} dropped, {queue.VerdictMessages} verdict messages, {queue.VerdictFailures} verdict failures, {log.Dropped} log entries dropped");
        if (queue.InternalErrors > 0)
        {
            output.WriteLine($"inspection errors: {queue.InternalErrors}, first: {queue.FirstInternalError}");
        }
        output.Write(snapshot.ToText());
        output.Flush();
        if (outcome.JsonPath is not null)
        {
            await using var file = File.Create(outcome.JsonPath);
            await JsonSerializer.SerializeAsync(file, new
            {
                Queue = new { queue.Accepted, queue.Dropped, queue.VerdictMessages, queue.VerdictFailures, LogDropped = log.Dropped, queue.InternalErrors, queue.PoliciesTaken },
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

    /// <summary>The packet loop on its own thread (it blocks in recv); the task ends when the loop returns or fails to start.</summary>
    private static Task RunPacketThread(NetfilterQueue queue, CancellationToken stop)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                queue.Run(stop);
                done.SetResult();
            }
            catch (QueueStartException ex)
            {
                done.SetException(ex);
            }
        })
        { Name = "nfqueue", IsBackground = true };
        thread.Start();
        return done.Task;
    }

    private static string DescribeZones(FirewallPolicy policy)
    {
        var parts = policy.Zones.Where(z => z.Interfaces.Count > 0).Select(z => $"{z.Name}={string.Join(',', z.Interfaces)}").ToList();
        return parts.Count == 0 ? "none (zones from Networks)" : string.Join(' ', parts);
    }
}
