using Cdf.Client.Configuration;
using Cdf.Client.Delivery;
using Cdf.Tool.Bench;
using Cdf.Tool.Generation;
using Cgf.Soak.Bench;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;

// The long-run benchmark (docs/benchmarks.md "Months in ten minutes"): a CGF child process at a steady offered load
// from the project's CDF (outbox, exactly once) for --minutes, with CDR retention and export-file retention of a few
// minutes, continuous export and SFTP delivery to a local OpenSSH server; every --report-every seconds one line:
// acknowledged CDRs/s, ack p99, database + WAL size, export directory size, undelivered files. At the end every CDR
// offered must have reached billing exactly once. --plain runs the same load without retention and delivery.
var minutes = new Option<double>("--minutes") { Description = "minutes of load", DefaultValueFactory = _ => 10 };
var rate = new Option<double?>("--rate") { Description = "CDRs per second offered (80 % of the --find-peak figure)" };
var findPeak = new Option<double?>("--find-peak") { Description = "offer as fast as acknowledged for this many seconds, print the rate, stop" };
var perRequest = new Option<int>("--cdrs-per-request") { DefaultValueFactory = _ => 50 };
var retention = new Option<TimeSpan>("--retention") { Description = "Cgf:Retention:Cdrs and Cgf:Export:Retention", DefaultValueFactory = _ => TimeSpan.FromMinutes(2) };
var plain = new Option<bool>("--plain") { Description = "no retention and no delivery (the comparison run)" };
var every = new Option<double>("--report-every") { Description = "seconds between report lines", DefaultValueFactory = _ => 30 };
var serverDll = new Option<string?>("--server-dll") { Description = "Cgf.Server.dll (default: the Release build)" };
var root = new RootCommand("CGF soak benchmark: retention, export and SFTP delivery at a steady load");
foreach (var option in new Option[] { minutes, rate, findPeak, perRequest, retention, plain, every, serverDll })
    root.Options.Add(option);
root.SetAction(async (result, cancellationToken) =>
{
    var settings = new SoakSettings(
        TimeSpan.FromMinutes(result.GetValue(minutes)), result.GetValue(rate), result.GetValue(findPeak) is { } peak ? TimeSpan.FromSeconds(peak) : null,
        result.GetValue(perRequest), result.GetValue(retention), result.GetValue(plain), TimeSpan.FromSeconds(result.GetValue(every)),
        result.GetValue(serverDll) ?? CgfServerProcess.DefaultServerDll());
    if (settings.Rate is null && settings.FindPeak is null)
    {
        Console.Error.WriteLine("Cgf.Soak.Bench: give --rate (CDRs/s) or --find-peak (seconds)");
        return 2;
    }
    return await Soak.RunAsync(settings, cancellationToken);
});
return await root.Parse(args).InvokeAsync();

internal sealed record SoakSettings(
    TimeSpan Duration, double? Rate, TimeSpan? FindPeak, int CdrsPerRequest, TimeSpan Retention, bool Plain, TimeSpan ReportEvery, string ServerDll);

internal static class Soak
{
    private const string NodeId = "CGF01";
    private const int MaxOutstandingEnqueues = 64;

    public static async Task<int> RunAsync(SoakSettings settings, CancellationToken cancellationToken)
    {
        var root = Directory.CreateTempSubdirectory("cgf-soak-").FullName;
        try
        {
            return await RunInAsync(root, settings, cancellationToken);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static async Task<int> RunInAsync(string root, SoakSettings settings, CancellationToken cancellationToken)
    {
        var delivering = !settings.Plain && settings.FindPeak is null;
        using var ssh = delivering ? SshServer.Start(Path.Combine(root, "ssh")) : null;
        var export = Path.Combine(root, "export");
        var arguments = new List<string> { $"--Cgf:Export:Directory={export}", "--Cgf:Export:MaxAge=00:00:10" };
        if (delivering)
        {
            var retention = settings.Retention.ToString("c", CultureInfo.InvariantCulture);
            arguments.AddRange(
            [
                $"--Cgf:Retention:Cdrs={retention}", $"--Cgf:Export:Retention={retention}",
                "--Cgf:Delivery:Destinations:0:Host=127.0.0.1", $"--Cgf:Delivery:Destinations:0:Port={ssh!.Port}",
                $"--Cgf:Delivery:Destinations:0:User={Environment.UserName}", $"--Cgf:Delivery:Destinations:0:PrivateKeyFile={ssh.ClientKeyFile}",
                $"--Cgf:Delivery:Destinations:0:HostKeyFingerprint={ssh.HostKeyFingerprint}",
                $"--Cgf:Delivery:Destinations:0:RemoteDirectory={ssh.RemoteDirectory}",
            ]);
        }
        using var server = CgfServerProcess.Start(settings.ServerDll, arguments, Path.Combine(root, "cgf"));
        var options = new CdfOptions
        {
            Cgfs = [new CgfEndpointOptions { Host = server.Endpoint.Address.ToString(), Port = server.Endpoint.Port }],
            StatePath = Path.Combine(root, "cdf.db"),
            MaxCdrsPerRequest = settings.CdrsPerRequest,
        };
        await using var client = new CdfClient(options);
        var latencies = new Latencies();
        client.Acknowledged += latencies.Add;
        client.Start();

        var billing = new DeliveredCdrs(delivering ? ssh!.RemoteDirectory : export, NodeId, deleteAfterReading: delivering);
        var clock = Stopwatch.StartNew();
        var load = settings.FindPeak ?? settings.Duration;
        long offered = 0;
        var samples = new List<Sample>();
        var reporter = Task.Run(async () =>
        {
            Console.WriteLine($"{"t s",5} {"acked CDRs/s",13} {"p99 ms",8} {"db+wal MB",10} {"export MB",10} {"files",6} {"undelivered",11} {"delivered",9}");
            while (clock.Elapsed < load && !cancellationToken.IsCancellationRequested)
            {
                var next = TimeSpan.FromTicks(settings.ReportEvery.Ticks * (samples.Count + 1));
                while (clock.Elapsed < next && clock.Elapsed < load)
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), CancellationToken.None);
                    // Both runs read what billing gets as it appears, so the reading costs both the same.
                    billing.Collect();
                }
                if (clock.Elapsed < next)
                    break;
                var (acked, p99) = latencies.TakeInterval();
                var sample = Sample.Take(clock.Elapsed, acked / settings.ReportEvery.TotalSeconds, p99, server.Directory, export, NodeId, delivering ? billing : null);
                samples.Add(sample);
                Console.WriteLine(sample);
            }
        }, CancellationToken.None);

        var outstanding = new Queue<Task>();
        var backlog = Math.Max(client.EffectiveWindow * settings.CdrsPerRequest * 2, 20_000);
        try
        {
            while (clock.Elapsed < load && !cancellationToken.IsCancellationRequested)
            {
                int chunk;
                if (settings.FindPeak is null)
                {
                    // A chunk every 5 ms at most, each as many CDRs as the schedule says are due.
                    chunk = (int)Math.Min(1000, settings.Rate!.Value * clock.Elapsed.TotalSeconds - offered);
                    if (chunk <= 0)
                    {
                        await Task.Delay(5, cancellationToken);
                        continue;
                    }
                }
                else
                {
                    if (client.QueuedCdrs > backlog)
                    {
                        await Task.Delay(1, cancellationToken);
                        continue;
                    }
                    chunk = 1000;
                }
                var records = new ReadOnlyMemory<byte>[chunk];
                for (var i = 0; i < chunk; i++)
                    records[i] = SgwRecordGenerator.Encode((uint)(offered + i + 1));
                outstanding.Enqueue(client.EnqueueAsync(records, cancellationToken));
                if (outstanding.Count >= MaxOutstandingEnqueues)
                    await outstanding.Dequeue();
                offered += chunk;
            }
            while (outstanding.Count > 0)
                await outstanding.Dequeue();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Console.Error.WriteLine("Cgf.Soak.Bench: interrupted");
            return 130;
        }
        await reporter;
        var loadSeconds = clock.Elapsed.TotalSeconds;
        if (settings.FindPeak is not null)
        {
            var all = latencies.All();
            Console.WriteLine($"peak: {all.Count / loadSeconds:0} CDRs/s acknowledged over {loadSeconds:0} s ({settings.CdrsPerRequest} per request); 80 %: --rate {all.Count * 0.8 / loadSeconds:0}");
            return 0;
        }

        using var drainLimit = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await client.WaitUntilDrainedAsync(drainLimit.Token);
        // Billing has everything once the last file (closed by Cgf:Export:MaxAge) is delivered and collected.
        var waitUntil = Stopwatch.StartNew();
        while (waitUntil.Elapsed < TimeSpan.FromMinutes(3))
        {
            billing.Collect();
            if (billing.Check(offered).Missing == 0)
                break;
            await Task.Delay(1000, CancellationToken.None);
        }
        var (missing, duplicated) = billing.Check(offered);
        var steady = samples.Where(s => s.Elapsed >= 2 * settings.Retention).ToList();
        var overall = latencies.All();
        Console.WriteLine();
        Console.WriteLine($"offered {offered} CDRs in {loadSeconds:0} s ({offered / loadSeconds:0}/s), {settings.CdrsPerRequest} per request; {(settings.Plain ? "no retention, no delivery" : $"retention {settings.Retention}, SFTP delivery")}");
        Console.WriteLine($"ack p99 over the run {Percentile(overall.Latencies, 0.99):0.0} ms, median of the interval p99s {Median(samples.Select(s => s.P99Ms)):0.0} ms");
        if (steady.Count > 0)
            Console.WriteLine($"db+wal after 2x retention: first {steady[0].DatabaseBytes / 1e6:0.0} MB, max {steady.Max(s => s.DatabaseBytes) / 1e6:0.0} MB, last {steady[^1].DatabaseBytes / 1e6:0.0} MB; export dir max {steady.Max(s => s.ExportBytes) / 1e6:0.0} MB");
        Console.WriteLine($"billing read {billing.Files} files, {billing.Cdrs} CDRs ({billing.Unreadable} unreadable): {missing} missing, {duplicated} duplicated");
        return missing == 0 && duplicated == 0 && billing.Unreadable == 0 ? 0 : 1;
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Where(double.IsFinite).Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted[sorted.Length / 2];
    }

    /// <summary>Acknowledgement latencies per request: the interval's, and the whole run's.</summary>
    private sealed class Latencies
    {
        private readonly List<double> _interval = [];
        private readonly List<double> _all = [];
        private long _intervalCdrs;
        private long _cdrs;

        public void Add(int cdrs, TimeSpan latency)
        {
            lock (_all)
            {
                _interval.Add(latency.TotalMilliseconds);
                _all.Add(latency.TotalMilliseconds);
                _intervalCdrs += cdrs;
                _cdrs += cdrs;
            }
        }

        public (long Cdrs, double P99Ms) TakeInterval()
        {
            lock (_all)
            {
                var sorted = _interval.Order().ToArray();
                var cdrs = _intervalCdrs;
                _interval.Clear();
                _intervalCdrs = 0;
                return (cdrs, Percentile(sorted, 0.99));
            }
        }

        public (long Count, double[] Latencies) All()
        {
            lock (_all)
                return (_cdrs, _all.Order().ToArray());
        }
    }
}
