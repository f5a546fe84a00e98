using Cdf.Client.Delivery;
using Cdf.Client.Generation;
using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;

namespace Cdf.Client.Commands;

/// <summary>
/// <c>cdf bench</c>: offers generated SGW-CDRs for --duration seconds (as fast as they are acknowledged, or
/// at --rate) and reports acknowledged CDRs/s and the p50/p95/p99 acknowledgement latency of requests
/// (first transmission → Data Record Transfer Response), measured after a one-second warm-up.
/// </summary>
internal static class BenchCommand
{
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(1);
    private const int MaxOutstandingEnqueues = 3;
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static Command Create()
    {
        var shared = new DeliveryOptions();
        var duration = new Option<double>("--duration") { Description = "seconds of load", DefaultValueFactory = _ => 10 };
        var json = new Option<FileInfo?>("--json") { Description = "also write the figures as JSON" };
        var command = new Command("bench", "load benchmark: acknowledged CDRs/s and acknowledgement latency against a CGF");
        shared.AddTo(command);
        command.Options.Add(duration);
        command.Options.Add(json);
        command.SetAction((result, cancellationToken) => RunAsync(shared, result, result.GetValue(duration), result.GetValue(json), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(DeliveryOptions shared, ParseResult result, double seconds, FileInfo? json, CancellationToken cancellationToken)
    {
        var options = shared.ToOptions(result);
        var rate = result.GetValue(shared.Rate);
        using var loggerFactory = CliLogging.CreateLoggerFactory(result.GetValue(shared.Verbose));
        await using var client = new CdfClient(options, loggerFactory);
        var latencies = new List<double>(1 << 20);
        var measuring = false;
        long measuredCdrs = 0;
        client.Acknowledged += (cdrs, latency) =>
        {
            if (!Volatile.Read(ref measuring))
                return;
            lock (latencies)
            {
                latencies.Add(latency.TotalMilliseconds);
                measuredCdrs += cdrs;
            }
        };
        client.Start();

        // Pre-encode a pool of records; the offered load cycles through it (localSequenceNumber repeats).
        var pool = Enumerable.Range(1, 10_000).Select(i => SgwRecordGenerator.Encode((uint)i)).ToArray();
        var backlog = Math.Max(options.Window * options.MaxCdrsPerRequest * 2, 20_000);
        var clock = Stopwatch.StartNew();
        var total = TimeSpan.FromSeconds(seconds) + WarmUp;
        long offered = 0;
        TimeSpan measureStart = default, measureEnd = default;
        var chunkSize = Math.Min(1000, Math.Max(1, (int)((rate ?? 100_000) / 100)));
        var outstanding = new Queue<Task>();
        while (clock.Elapsed < total && !cancellationToken.IsCancellationRequested)
        {
            if (!measuring && clock.Elapsed >= WarmUp)
            {
                measureStart = clock.Elapsed;
                Volatile.Write(ref measuring, true);
            }
            if (rate is { } perSecond)
            {
                var wait = TimeSpan.FromSeconds(offered / perSecond) - clock.Elapsed;
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, cancellationToken);
                    continue;
                }
            }
            else if (client.QueuedCdrs > backlog)
            {
                await Task.Delay(1, cancellationToken);
                continue;
            }
            var next = new ReadOnlyMemory<byte>[chunkSize];
            for (var i = 0; i < next.Length; i++)
                next[i] = pool[(offered + i) % pool.Length];
            // At a fixed --rate several enqueues are in flight, so one outbox commit at a time does not cap
            // the offered rate; flat out, the backlog limit paces and one at a time leaves the loop the lock.
            outstanding.Enqueue(client.EnqueueAsync(next, cancellationToken));
            if (outstanding.Count >= (rate is null ? 1 : MaxOutstandingEnqueues))
                await outstanding.Dequeue();
            offered += next.Length;
        }
        while (outstanding.Count > 0)
            await outstanding.Dequeue();
        Volatile.Write(ref measuring, false);
        measureEnd = clock.Elapsed;
        var measured = (measureEnd - measureStart).TotalSeconds;
        // Let the loop hand over the last callbacks before reading the samples.
        await Task.Delay(100, cancellationToken);
        double[] sorted;
        long cdrs;
        lock (latencies)
        {
            sorted = [.. latencies.Order()];
            cdrs = measuredCdrs;
        }
        var commits = client.Statistics.OutboxCommits;
        var figures = new BenchFigures(
            Cgf: string.Join(",", options.Cgfs.Select(c => c.PathName)),
            Transport: options.Cgfs[0].Tcp ? "tcp" : "udp",
            CdrsPerRequest: options.MaxCdrsPerRequest,
            Window: options.Window,
            OfferedRate: rate,
            DurationSeconds: measured,
            AcknowledgedCdrs: cdrs,
            AcknowledgedRequests: sorted.Length,
            CdrsPerSecond: cdrs / measured,
            P50Ms: Percentile(sorted, 0.50),
            P95Ms: Percentile(sorted, 0.95),
            P99Ms: Percentile(sorted, 0.99),
            Failovers: client.Statistics.Failovers,
            ParkedRequests: client.Statistics.ParkedRequests,
            OutboxCommitsPerSecond: commits / clock.Elapsed.TotalSeconds);
        System.Console.WriteLine($"acknowledged CDRs/s   {figures.CdrsPerSecond:0}  ({cdrs} CDRs in {sorted.Length} requests, {measured:0.0} s, {options.MaxCdrsPerRequest} CDRs/request, window {options.Window})");
        System.Console.WriteLine($"ack latency ms        p50 {figures.P50Ms:0.00}  p95 {figures.P95Ms:0.00}  p99 {figures.P99Ms:0.00}");
        System.Console.WriteLine($"outbox commits/s      {figures.OutboxCommitsPerSecond:0}");
        if (json is not null)
            await File.WriteAllTextAsync(json.FullName, JsonSerializer.Serialize(figures, Json), cancellationToken);
        return 0;
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private sealed record BenchFigures(
        string Cgf, string Transport, int CdrsPerRequest, int Window, double? OfferedRate, double DurationSeconds,
        long AcknowledgedCdrs, long AcknowledgedRequests, double CdrsPerSecond, double P50Ms, double P95Ms, double P99Ms,
        long Failovers, long ParkedRequests, double OutboxCommitsPerSecond);
}
