using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text.Json;
using Gtp.Firewall.Configuration;
using Gtp.Firewall.Inspection;
using Gtp.Firewall.Logging;
using Gtp.Firewall.Policies;
using Microsoft.Data.Sqlite;

namespace Gtp.Firewall.Inline;

/// <summary>
/// The <c>run</c> front end: binds the NFQUEUE queue, runs the packet loop on a dedicated thread, and stops on
/// SIGTERM/SIGINT (stop reading, close the tunnel observer, flush the log, print the counters, exit 0).
/// Threads: the packet thread (recv, inspect, verdict — never blocks on anything else), the log writer task
/// (<see cref="QueuedFirewallLog"/>), the syslog UDP pump, and whatever the tunnel observer runs.
/// </summary>
internal static class InlineFirewall
{
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    /// <returns>0 after a clean stop, 1 when the queue cannot be bound or read, 2 for a configuration error.</returns>
    public static int Run(FirewallOptions options, FirewallPolicy policy, TextWriter output, TextWriter errors, string? jsonPath)
    {
        if (options.Queue.Validate() is { } problem)
        {
            errors.WriteLine($"configuration error: {problem}");
            return 2;
        }
        var syslog = new SyslogFirewallLog(options.Syslog, output);
        var log = new QueuedFirewallLog(syslog, options.Queue.LogQueueCapacity);
        var engine = new GtpInspectionEngine(policy, log, expectedTunnels: 65_536);
        TunnelObserverHook? observers = null;
        var zones = new InterfaceZones(policy);
        Exception? failure = null;
        NetfilterQueue? queue = null;
        try
        {
            queue = NetfilterQueue.Open(options.Queue, engine, zones);
            // After the queue is bound, so a second instance fails on the queue, not on the CDF's socket.
            observers = TunnelObserverHook.Create(options, output);
            observers.Attach(engine);
            using var stop = new CancellationTokenSource();
            using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
            using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.Cancel(); });
            var packetThread = new Thread(() =>
            {
                try
                {
                    queue.Run(stop.Token);
                }
                catch (QueueStartException ex)
                {
                    failure = ex;
                }
            }) { Name = "nfqueue", IsBackground = true };
            packetThread.Start();
            output.WriteLine($"run: queue {options.Queue.Number} bound (fail-open {(options.Queue.FailOpen ? "on" : "off")}); zones by interface: {DescribeZones(policy)}");
            output.Flush();
            packetThread.Join();
        }
        catch (QueueStartException ex)
        {
            failure = ex;
        }
        catch (Exception ex) when (ex is SocketException or SqliteException or IOException or UnauthorizedAccessException)
        {
            failure = new IOException($"charging could not start: {ex.Message}", ex);
        }
        finally
        {
            queue?.Dispose();
            if (observers is not null)
            {
                // Traffic may have opened records: close them even after a read failure.
                observers.CloseAsync().GetAwaiter().GetResult();
                observers.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
            log.DisposeAsync().AsTask().GetAwaiter().GetResult();
            syslog.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
        if (failure is not null)
        {
            errors.WriteLine($"run: {failure.Message}");
            return 1;
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
        if (jsonPath is not null)
        {
            using var file = File.Create(jsonPath);
            JsonSerializer.Serialize(file, new
            {
                Queue = new { queue.Accepted, queue.Dropped, queue.VerdictMessages, queue.VerdictFailures, LogDropped = log.Dropped, queue.InternalErrors },
                Counters = snapshot,
                Tunnels = engine.Tunnels.Count,
            }, JsonOptions);
        }
        return 0;
    }

    private static string DescribeZones(FirewallPolicy policy)
    {
        var parts = policy.Zones.Where(z => z.Interfaces.Count > 0).Select(z => $"{z.Name}={string.Join(',', z.Interfaces)}").ToList();
        return parts.Count == 0 ? "none (zones from Networks)" : string.Join(' ', parts);
    }
}
