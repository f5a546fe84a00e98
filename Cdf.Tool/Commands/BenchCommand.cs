using Cdf.Client.Configuration;
using Cdf.Client.Delivery;
using Cdf.Tool.Bench;
using Cdf.Tool.Generation;
using Microsoft.Extensions.Configuration;
using Operations;
using Operations.CommandLine;
using Operations.Logging;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Cdf.Tool.Commands;

/// <summary>
/// <c>cdf bench</c>, the one load tool: offers generated SGW-CDRs for --duration seconds (as fast as they are
/// acknowledged, or at --rate) and reports acknowledged CDRs/s and the p50/p95/p99 acknowledgement latency of
/// requests (first transmission → Data Record Transfer Response), measured after a warm-up, plus the CPU time
/// per CDR of this process and of the CGF (when it runs it, or is told its pid), which contention on a shared
/// machine does not distort. <c>--raw</c> leaves the outbox out to measure the CGF alone.
/// </summary>
internal static class BenchCommand
{
    private const int MaxOutstandingEnqueues = 64;
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static Command Create(IReadOnlyDictionary<string, string?> overrides)
    {
        var shared = new DeliveryOptions();
        var duration = new Option<double>("--duration") { Description = "seconds of load", DefaultValueFactory = _ => 10 };
        var warmUp = new Option<double>("--warm-up") { Description = "seconds of load before measuring", DefaultValueFactory = _ => 2 };
        var json = new Option<FileInfo?>("--json") { Description = "also write the figures as JSON" };
        var startServer = new Option<bool>("--start-server") { Description = "run Cgf.Server as a child process on a temporary database (instead of --cgf)" };
        var serverDll = new Option<string?>("--server-dll") { Description = "Cgf.Server.dll for --start-server (default: the Release build next to this tool's project)" };
        var serverPid = new Option<int?>("--server-pid")
        {
            Description = "pid of the CGF given by --cgf, to report its CPU time per CDR",
            CustomParser = result => NumberArgument.Parse(result, "--server-pid", static (string text, out int value) =>
                int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value)),
        };
        var raw = new Option<bool>("--raw") { Description = "no outbox: windowed requests from --flows loopback addresses, to measure the CGF alone" };
        var flows = new Option<int>("--flows") { Description = "--raw: CDFs, each on its own loopback address", DefaultValueFactory = _ => 2 };
        var recordBytes = new Option<int>("--record-bytes") { Description = "--raw: size of each SGW-CDR", DefaultValueFactory = _ => 400 };
        var command = new Command("bench", "load benchmark: acknowledged CDRs/s, acknowledgement latency and CPU per CDR against a CGF");
        shared.AddTo(command);
        foreach (var option in new Option[] { duration, warmUp, json, startServer, serverDll, serverPid, raw, flows, recordBytes })
            command.Options.Add(option);
        command.SetAction(async result =>
        {
            var settings = new BenchSettings(
                Seconds(duration, result.GetValue(duration)), Seconds(warmUp, result.GetValue(warmUp)), result.GetValue(json),
                result.GetValue(raw), result.GetValue(flows), result.GetValue(recordBytes), result.GetValue(serverPid));
            // Ctrl-C ends the load early and still reports what was measured.
            using var interruption = new Interruption();
            var code = await RunAsync(shared, result, overrides, settings, result.GetValue(startServer), result.GetValue(serverDll), interruption.Token);
            return interruption.Requested ? ExitCode.Interrupted : code;
        });
        return command;
    }

    private sealed record BenchSettings(TimeSpan Duration, TimeSpan WarmUp, FileInfo? Json, bool Raw, int Flows, int RecordBytes, int? ServerPid);

    private static async Task<int> RunAsync(DeliveryOptions shared, ParseResult result, IReadOnlyDictionary<string, string?> overrides, BenchSettings settings,
        bool startServer, string? serverDll, CancellationToken cancellationToken)
    {
        // Only an explicit --config: the figures of a load test must not change with the working directory's file.
        var (options, configuration) = shared.Resolve(result, overrides, lookUp: false);
        // The load goes where the command line says, never to a configuration file's (production) CGFs.
        var cgfsGiven = (result.GetValue(shared.Cgf) ?? []).Length > 0;
        if (startServer == cgfsGiven)
            throw CommandFailure.Usage("give --cgf or --start-server (one of them)");
        if (!settings.Raw && string.IsNullOrEmpty(options.StatePath))
            throw CommandFailure.Usage("--state is required (or --raw, which has no outbox)");
        using var serverProcess = settings.ServerPid is { } pid ? OpenServerProcess(pid) : null;
        if (startServer)
            options.Cgfs.Clear();
        else if (!settings.Raw)
            DeliveryOptions.Validate(options);
        if (!startServer)
            EndpointCheck.Check(options.Cgfs, cgfsGiven);
        var tcp = result.GetValue(shared.Tcp);
        using var server = startServer
            ? CgfServerProcess.Start(serverDll ?? CgfServerProcess.DefaultServerDll(), tcp ? ["--Cgf:Listen:Tcp=true"] : null)
            : null;
        if (server is not null)
            options.Cgfs.Insert(0, new CgfEndpointOptions { Host = server.Endpoint.Address.ToString(), Port = server.Endpoint.Port, Tcp = tcp });
        Func<TimeSpan>? serverCpu = server is not null ? server.CpuTime
            : serverProcess is not null ? () => { serverProcess.Refresh(); return serverProcess.TotalProcessorTime; }
        : null;
        if (!settings.Raw && startServer)
            DeliveryOptions.Validate(options);
        var figures = settings.Raw
            ? await RunRawAsync(options, settings, result.GetValue(shared.Rate), serverCpu)
            : await RunOutboxAsync(shared, result, configuration, options, settings, serverCpu, cancellationToken);
        var mode = (settings.Raw ? $"raw, {settings.Flows} flows" : "outbox") + (options.Cgfs[0].Tcp ? ", tcp" : "");
        Console.WriteLine($"acknowledged CDRs/s   {figures.CdrsPerSecond:0}  ({figures.AcknowledgedCdrs} CDRs in {figures.AcknowledgedRequests} requests, " +
            $"{figures.DurationSeconds:0.0} s, {figures.CdrsPerRequest} CDRs/request, window {figures.Window}, {mode})");
        if (figures.OfferedInWindow is { } offeredRate)
            Console.WriteLine($"offered CDRs/s        {offeredRate:0} in the window (--rate {figures.OfferedRate:0}; {figures.QueuedAtStart} CDRs queued when it began)");
        Console.WriteLine($"ack latency ms        p50 {Show(figures.P50Ms, "0.00")}  p95 {Show(figures.P95Ms, "0.00")}  p99 {Show(figures.P99Ms, "0.00")}");
        Console.WriteLine($"CPU per CDR µs        client {Show(figures.ClientCpuMicrosecondsPerCdr, "0.0")}  server {Show(figures.ServerCpuMicrosecondsPerCdr, "0.0")}");
        if (!settings.Raw)
            Console.WriteLine($"outbox commits/s      {figures.OutboxCommitsPerSecond:0}");
        else
            Console.WriteLine($"rejected / lost       {figures.Rejected} / {figures.Lost}");
        if (settings.Json is not null)
            WriteJson(settings.Json, figures);
        if (figures.AcknowledgedCdrs > 0)
            return ExitCode.Success;
        // Figures of nothing are no measurement: the latencies and CPU per CDR are null (JSON has no NaN).
        Console.Error.WriteLine("cdf bench: no CDR acknowledged in the measured window: latencies and CPU per CDR are null (is the CGF running?)");
        return ExitCode.NotCompleted;
    }

    private static void WriteJson(FileInfo file, BenchFigures figures)
    {
        try
        {
            File.WriteAllText(file.FullName, JsonSerializer.Serialize(figures, Json));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw CommandFailure.Environment($"--json {file.FullName}: cannot write: {exception.Message}", exception);
        }
    }

    private static Process OpenServerProcess(int pid)
    {
        try
        {
            return Process.GetProcessById(pid);
        }
        catch (ArgumentException)
        {
            throw CommandFailure.Usage($"--server-pid {pid}: no such process");
        }
    }

    private static TimeSpan Seconds(Option option, double seconds) =>
        double.IsFinite(seconds) && seconds >= 0 && seconds < TimeSpan.MaxValue.TotalSeconds
            ? TimeSpan.FromSeconds(seconds)
            : throw CommandFailure.Usage($"{option.Name} {DeliveryOptions.Format(seconds)}: not a number of seconds (0 or more)");

    private static string Show(double? value, string format) => value is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : "-";

    private static async Task<BenchFigures> RunOutboxAsync(DeliveryOptions shared, ParseResult result, IConfiguration configuration, CdfOptions options,
        BenchSettings settings, Func<TimeSpan>? serverCpu, CancellationToken cancellationToken)
    {
        var rate = result.GetValue(shared.Rate);
        using var loggerFactory = ConsoleLogging.CreateLoggerFactory(result.GetValue(shared.Verbose), configuration);
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
        var backlog = Math.Max(client.EffectiveWindow * options.MaxCdrsPerRequest * 2, 20_000);
        var clock = Stopwatch.StartNew();
        var total = settings.Duration + settings.WarmUp;
        long offered = 0;
        TimeSpan measureStart = default;
        var cpu = default(CpuMark);
        // At a fixed rate, a chunk every 5 ms: CDRs arrive spread out, not in bursts behind the outbox commits
        // (a chunk per millisecond measured 52 instead of 36 µs of client CPU per CDR: each enqueue wakes the loop).
        var chunkSize = Math.Clamp((int)((rate ?? 1_000_000) / 200), 1, 1000);
        var outstanding = new Queue<Task>();
        // The --rate schedule: CDR n of it is due at paceOrigin + n / rate.
        var paceOrigin = TimeSpan.Zero;
        long paced = 0;
        long offeredAtStart = 0, queuedAtStart = 0;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var elapsed = clock.Elapsed;
                if (measuring ? elapsed - measureStart >= settings.Duration : elapsed >= total)
                    break;
                // At --rate, measuring starts once the warm-up's backlog is sent (start-up and JIT leave one), so the
                // measured window carries the offered rate and not a catch-up on top of it; a rate the client never
                // keeps up with is measured from the end of the warm-up plus the duration's first tenth.
                if (!measuring && elapsed >= settings.WarmUp
                    && (rate is null || client.QueuedCdrs <= 4 * chunkSize || elapsed >= settings.WarmUp + settings.Duration / 10))
                {
                    measureStart = clock.Elapsed;
                    cpu = CpuMark.Take(serverCpu, client.Statistics.AcknowledgedCdrs);
                    Volatile.Write(ref measuring, true);
                    (paceOrigin, paced) = (measureStart, 0);
                    (offeredAtStart, queuedAtStart) = (offered, client.QueuedCdrs);
                }
                if (rate is { } perSecond)
                {
                    var wait = paceOrigin + TimeSpan.FromSeconds(paced / perSecond) - clock.Elapsed;
                    if (wait > TimeSpan.Zero)
                    {
                        await Task.Delay(wait, cancellationToken);
                        continue;
                    }
                    // Behind schedule (the client did not take CDRs that fast, or the warm-up started slowly): start the
                    // schedule again rather than offer the deficit in a burst, which measured the queue behind the
                    // catch-up (acknowledged rates 6-10 % above the offered one), not the offered rate.
                    if (-wait > PaceSchedule.MaxLag)
                        (paceOrigin, paced) = (clock.Elapsed, 0);
                }
                else if (client.QueuedCdrs > backlog)
                {
                    await Task.Delay(1, cancellationToken);
                    continue;
                }
                var next = new ReadOnlyMemory<byte>[chunkSize];
                for (var i = 0; i < next.Length; i++)
                    next[i] = pool[(offered + i) % pool.Length];
                // At a fixed --rate many enqueues are in flight (each waits for a commit, the offered rate must not);
                // flat out, the backlog limit paces and one at a time is enough.
                outstanding.Enqueue(client.EnqueueAsync(next, cancellationToken));
                if (outstanding.Count >= (rate is null ? 1 : MaxOutstandingEnqueues))
                    await outstanding.Dequeue();
                offered += next.Length;
                paced += next.Length;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // SIGINT/SIGTERM: the figures of what ran so far.
        }
        Volatile.Write(ref measuring, false);
        var offeredInWindow = offered - offeredAtStart;
        var measured = (clock.Elapsed - measureStart).TotalSeconds;
        var (clientCpu, serverCpuUsed, acknowledged) = cpu.Since(serverCpu, client.Statistics.AcknowledgedCdrs);
        while (outstanding.Count > 0)
        {
            try
            {
                await outstanding.Dequeue();
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Its CDRs are stored or not; a cancelled wait measures nothing either way.
            }
        }
        // Let the loop hand over the last callbacks before reading the samples (also after a Ctrl-C).
        await Task.Delay(100, CancellationToken.None);
        double[] sorted;
        long cdrs;
        lock (latencies)
        {
            sorted = [.. latencies.Order()];
            cdrs = measuredCdrs;
        }
        return new BenchFigures(
            Mode: "outbox",
            Cgf: string.Join(",", options.Cgfs.Select(c => c.PathName)),
            Transport: options.Cgfs[0].Tcp ? "tcp" : "udp",
            CdrsPerRequest: options.MaxCdrsPerRequest,
            Window: client.EffectiveWindow,
            OfferedRate: rate,
            OfferedInWindow: rate is null || measured <= 0 ? null : offeredInWindow / measured,
            QueuedAtStart: rate is null ? null : queuedAtStart,
            DurationSeconds: measured,
            AcknowledgedCdrs: cdrs,
            AcknowledgedRequests: sorted.Length,
            CdrsPerSecond: measured > 0 ? cdrs / measured : 0,
            P50Ms: Percentile(sorted, 0.50),
            P95Ms: Percentile(sorted, 0.95),
            P99Ms: Percentile(sorted, 0.99),
            ClientCpuMicrosecondsPerCdr: PerCdr(clientCpu, acknowledged),
            ServerCpuMicrosecondsPerCdr: serverCpu is null ? null : PerCdr(serverCpuUsed, acknowledged),
            Failovers: client.Statistics.Failovers,
            ParkedRequests: client.Statistics.ParkedRequests,
            Rejected: 0,
            Lost: 0,
            OutboxCommitsPerSecond: client.Statistics.OutboxCommits / clock.Elapsed.TotalSeconds);
    }

    /// <summary>Several CDFs without an outbox, each a thread with its own loopback address and window.</summary>
    private static async Task<BenchFigures> RunRawAsync(CdfOptions options, BenchSettings settings, double? rate, Func<TimeSpan>? serverCpu)
    {
        var target = new IPEndPoint(IPAddress.Parse(options.Cgfs[0].Host), options.Cgfs[0].Port);
        var perRequest = options.MaxCdrsPerRequest;
        var cpu = CpuMark.Take(serverCpu, 0);
        // --rate is the total offered: each flow sends its share, in whole requests.
        var requestsPerSecond = rate / settings.Flows / perRequest;
        var flows = Enumerable.Range(0, settings.Flows)
            .Select(i => Task.Factory.StartNew(
                () => RawFlow.Run(target, IPAddress.Parse($"127.0.{perRequest}.{10 + i}"), options.Cgfs[0].Tcp, perRequest, options.Window, settings.RecordBytes, settings.WarmUp, settings.Duration, requestsPerSecond),
                TaskCreationOptions.LongRunning))
            .ToArray();
        RawFlow.Result[] results;
        try
        {
            results = await Task.WhenAll(flows);
        }
        catch (Exception exception) when (exception is SocketException or IOException)
        {
            // A refused or dropped TCP connection (UDP has none to lose): the load cannot go on, and no figure is real.
            throw CommandFailure.Environment(
                $"--raw{(options.Cgfs[0].Tcp ? " --tcp" : "")}: the CGF at {target}: {exception.Message}", exception);
        }
        var sorted = results.SelectMany(r => r.LatenciesMs).Order().ToArray();
        var requests = results.Sum(r => r.AcknowledgedRequests);
        var seconds = settings.Duration.TotalSeconds;
        // CPU over the whole run (warm-up included) per CDR sent in it: the rate times the whole run's length.
        var sent = (long)(requests * perRequest * (settings.Duration + settings.WarmUp).TotalSeconds / seconds);
        var (clientCpu, serverCpuUsed, _) = cpu.Since(serverCpu, 0);
        return new BenchFigures(
            Mode: "raw",
            Cgf: options.Cgfs[0].PathName,
            Transport: options.Cgfs[0].Tcp ? "tcp" : "udp",
            CdrsPerRequest: perRequest,
            Window: options.Window,
            OfferedRate: rate,
            OfferedInWindow: rate is null ? null : results.Sum(r => r.SentInWindow) * perRequest / seconds,
            QueuedAtStart: rate is null ? null : 0,
            DurationSeconds: seconds,
            AcknowledgedCdrs: requests * perRequest,
            AcknowledgedRequests: requests,
            CdrsPerSecond: requests * perRequest / seconds,
            P50Ms: Percentile(sorted, 0.50),
            P95Ms: Percentile(sorted, 0.95),
            P99Ms: Percentile(sorted, 0.99),
            ClientCpuMicrosecondsPerCdr: PerCdr(clientCpu, sent),
            ServerCpuMicrosecondsPerCdr: serverCpu is null ? null : PerCdr(serverCpuUsed, sent),
            Failovers: 0,
            ParkedRequests: 0,
            Rejected: results.Sum(r => r.Rejected),
            Lost: results.Sum(r => r.Lost),
            OutboxCommitsPerSecond: 0);
    }

    private static double? PerCdr(TimeSpan cpu, long cdrs) => cdrs > 0 ? cpu.TotalMicroseconds / cdrs : null;

    private static double? Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? null : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    /// <summary>CPU time (user + system) of this process and of the CGF, and the acknowledged CDRs, at one moment.</summary>
    private readonly record struct CpuMark(TimeSpan Client, TimeSpan Server, long Acknowledged)
    {
        public static CpuMark Take(Func<TimeSpan>? serverCpu, long acknowledged) =>
            new(Process.GetCurrentProcess().TotalProcessorTime, serverCpu?.Invoke() ?? TimeSpan.Zero, acknowledged);

        public (TimeSpan Client, TimeSpan Server, long Acknowledged) Since(Func<TimeSpan>? serverCpu, long acknowledged)
        {
            var now = Take(serverCpu, acknowledged);
            return (now.Client - Client, now.Server - Server, now.Acknowledged - Acknowledged);
        }
    }

    private sealed record BenchFigures(
        string Mode, string Cgf, string Transport, int CdrsPerRequest, int Window, double? OfferedRate, double? OfferedInWindow,
        long? QueuedAtStart, double DurationSeconds,
        long AcknowledgedCdrs, long AcknowledgedRequests, double CdrsPerSecond, double? P50Ms, double? P95Ms, double? P99Ms,
        double? ClientCpuMicrosecondsPerCdr, double? ServerCpuMicrosecondsPerCdr,
        long Failovers, long ParkedRequests, long Rejected, long Lost, double OutboxCommitsPerSecond);
}
