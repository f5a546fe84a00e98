using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Gtp.Firewall.Tests.Monitoring;

/// <summary>
/// <c>Gtp.Firewall run</c> as a child process: its HTTP endpoint (/healthz, /readyz, /metrics, the status page in
/// headless Chromium) on a real NFQUEUE queue in a network namespace, the overload alarm from a real kernel queue,
/// and the endpoint's start-up failures. The namespace tests need root and are skipped with the reason otherwise.
/// </summary>
public class RunMonitoringTests
{
    private const string Chromium = "/usr/bin/chromium";

    /// <summary>A GTPv1-U G-PDU (flags 0x30, type 255, length 4, TEID 1) with 4 octets of payload, as printf escapes.</summary>
    private const string GPdu = @"\x30\xff\x00\x04\x00\x00\x00\x01abcd";

    private static string Program => Path.Combine(AppContext.BaseDirectory, "Gtp.Firewall");

    [SkippableFact]
    public async Task TheDefaultEndpointServesHealthReadinessAndTheFirewallSeriesOfARunningQueue()
    {
        var missing = NetnsFirewall.MissingPrerequisite();
        Skip.If(missing is not null, missing);
        using var directory = new TempDirectory();
        // No Http key: the default URL, http://127.0.0.1:9387 (alone in its namespace).
        using var firewall = await NetnsFirewall.StartAsync(directory, """{ "Queue": { "Number": 5 } }""", queue: 5);

        firewall.SendGtpU(5, GPdu);
        var metrics = await ScrapeUntilAsync(firewall, m => Series(m, "gtp_firewall_queue_verdicts_total", "verdict=\"drop\"") == 5);

        Assert.Equal((200, "alive"), Trimmed(firewall.Get("/healthz")));
        Assert.Equal((200, "ready"), Trimmed(firewall.Get("/readyz")));
        // No zone is configured: each G-PDU is judged and dropped, none accepted.
        Assert.Equal(0, Series(metrics, "gtp_firewall_queue_verdicts_total", "verdict=\"accept\""));
        Assert.Equal(5, Series(metrics, "gtp_firewall_messages_total", "type=\"G-PDU\"", "verdict=\"drop\""));
        Assert.Equal(5, SumOf(metrics, "gtp_firewall_drops_total"));
        Assert.Equal(0, Series(metrics, "gtp_firewall_handovers_total", "decision=\"allowed\""));
        Assert.Equal(1, Series(metrics, "gtp_firewall_queue_bound"));
        Assert.Equal(0, Series(metrics, "gtp_firewall_queue_overloaded"));
        Assert.Equal(0, Series(metrics, "gtp_firewall_queue_unjudged_total"));
        foreach (var gauge in new[] { "gtp_firewall_tunnels", "gtp_firewall_contexts", "gtp_firewall_fragments_datagrams", "gtp_firewall_fragments_buffered_bytes" })
            Assert.True(Series(metrics, gauge) == 0, $"{gauge} missing or not 0 in\n{metrics}");
        Assert.Equal(4_000_000, Series(metrics, "gtp_firewall_tunnels_limit"));
        foreach (var alarm in new[] { "queue_overload", "tunnel_table_near_capacity", "fragment_memory_near_capacity", "charging_backlog" })
            Assert.True(Series(metrics, "gtp_firewall_alarm_active", $"alarm=\"{alarm}\"") == 0, $"{alarm} missing or active in\n{metrics}");
        Assert.Equal(404, firewall.Get("/nothing").Status);

        Assert.Equal(0, firewall.Stop());
        Assert.Contains("queue: 0 accepted, 5 dropped", firewall.StandardOutput);
    }

    [SkippableFact]
    public async Task TheStatusPageRenderedByChromiumShowsTheCountersByVerdictAndReason()
    {
        var missing = NetnsFirewall.MissingPrerequisite();
        Skip.If(missing is not null, missing);
        Skip.IfNot(File.Exists(Chromium), $"{Chromium} is not installed (Debian package chromium)");
        using var directory = new TempDirectory();
        using var firewall = await NetnsFirewall.StartAsync(directory, """{ "Queue": { "Number": 6 }, "Http": { "Urls": "http://127.0.0.1:9500" } }""", queue: 6);
        firewall.SendGtpU(7, GPdu);
        await ScrapeUntilAsync(firewall, m => Series(m, "gtp_firewall_queue_verdicts_total", "verdict=\"drop\"") == 7, port: 9500);

        var chromium = firewall.Exec(Chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run", $"--user-data-dir={directory.File("chromium")}",
            "--dump-dom", "http://127.0.0.1:9500/");

        Assert.True(chromium.ExitCode == 0, chromium.ToString());
        var dom = chromium.StandardOutput;
        Assert.Contains("<title>Gtp.Firewall run</title>", dom);
        Assert.Matches("<p id=\"readiness\"[^>]*>Ready</p>", dom);
        Assert.Matches("<p id=\"alarms\">none</p>", dom);
        Assert.Equal("bound", Fact(dom, "queue", "State"));
        Assert.Equal("7", Fact(dom, "queue", "Dropped"));
        Assert.Equal("0", Fact(dom, "queue", "Accepted"));
        Assert.Equal("7", Fact(dom, "traffic", "Packets"));
        Assert.Equal("0", Fact(dom, "traffic", "Handovers allowed"));
        Assert.Equal("0", Fact(dom, "traffic", "Handovers denied"));
        Assert.Equal("0", Fact(dom, "tunnels", "Live"));
        var messages = Rows(dom, "messages");
        Assert.Contains(messages, r => r.SequenceEqual(["GTPv1-U", "255", "G-PDU", "0", "7"]));
        Assert.Equal(7, Rows(dom, "drops").Skip(1).Sum(r => long.Parse(r[1], CultureInfo.InvariantCulture)));
        Assert.Equal("off (no CGF configured)", Regex.Match(dom, "<h2>Charging</h2>\\s*<p>([^<]*)</p>").Groups[1].Value);
    }

    [SkippableFact]
    public async Task AKernelQueueThatOverflowsRaisesTheOverloadAlarmAndReadinessFailsUntilItClears()
    {
        var missing = NetnsFirewall.MissingPrerequisite();
        Skip.If(missing is not null, missing);
        using var directory = new TempDirectory();
        // One packet in the kernel queue at most and no fail-open: a burst overflows it and the kernel drops (and counts) the rest.
        using var firewall = await NetnsFirewall.StartAsync(directory,
            """{ "Queue": { "Number": 7, "MaxLength": 1, "FailOpen": false }, "Alarms": { "QueueOverloadClearAfter": "00:00:08" } }""", queue: 7);
        const int sent = 3000;

        // Sends that the kernel refuses fail in the sender; the loop goes on.
        firewall.Exec("/bin/bash", "-c", $"for i in $(seq {sent}); do printf '{GPdu}' > /dev/udp/127.0.0.1/2152; done 2>/dev/null; true");

        var notReady = await PollAsync(() => firewall.Get("/readyz"), r => r.Status == 503, seconds: 20);
        Assert.Contains("not ready: queue overloaded: ", notReady.Body);
        var metrics = firewall.Get("/metrics").Body;
        Assert.Equal(1, Series(metrics, "gtp_firewall_alarm_active", "alarm=\"queue_overload\""));
        Assert.Equal(1, Series(metrics, "gtp_firewall_queue_overloaded"));
        // The log line comes through the logger's queue a moment after the state readiness and metrics show.
        await Poll.UntilAsync(() => firewall.StandardError.Contains("Alarm raised: queue_overload", StringComparison.Ordinal), 10, "the line 'Alarm raised: queue_overload'");
        Assert.Contains("Alarm raised: queue_overload", firewall.StandardError);
        // The kernel's own account, read independently: what it dropped or could not hand over plus what was judged is what was sent.
        var kernel = firewall.Exec("/bin/cat", "/proc/net/netfilter/nfnetlink_queue").StandardOutput
            .Split('\n').Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Single(f => f.Length > 7 && f[0] == "7");
        var kernelDropped = long.Parse(kernel[5], CultureInfo.InvariantCulture) + long.Parse(kernel[6], CultureInfo.InvariantCulture);
        Assert.True(kernelDropped > 0, string.Join(' ', kernel));
        var judged = Series(metrics, "gtp_firewall_queue_verdicts_total", "verdict=\"drop\"") + Series(metrics, "gtp_firewall_queue_verdicts_total", "verdict=\"accept\"");
        Assert.Equal<long?>(sent, judged + kernelDropped);

        var ready = await PollAsync(() => firewall.Get("/readyz"), r => r.Status == 200, seconds: 40);
        Assert.Equal("ready", ready.Body.Trim());
        // The log line comes through the logger's queue a moment after the state readiness and metrics show.
        await Poll.UntilAsync(() => firewall.StandardError.Contains("Alarm cleared: queue_overload", StringComparison.Ordinal), 10, "the line 'Alarm cleared: queue_overload'");
        Assert.Contains("Alarm cleared: queue_overload", firewall.StandardError);
        Assert.Equal(0, Series(firewall.Get("/metrics").Body, "gtp_firewall_alarm_active", "alarm=\"queue_overload\""));
    }

    [Fact]
    public void ABadHttpUrlIsOneLineAndExitCode2BeforeAnythingStarts()
    {
        using var directory = new TempDirectory();
        var config = directory.File("firewall.json");
        File.WriteAllText(config, """{ "Firewall": { "Http": { "Urls": "ftp://127.0.0.1:9387" } } }""");

        var result = ExternalTool.Run(Program, ["run", "--config", config]);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("configuration error: Firewall:Http:Urls: 'ftp://127.0.0.1:9387' is not an http://ADDRESS:PORT URL", result.StandardError.Trim());
        Assert.DoesNotContain("   at ", result.StandardOutput);
    }

    [Fact]
    public void AnHttpPortInUseIsOneLineAndExitCode3BeforeTheQueueIsBound()
    {
        using var directory = new TempDirectory();
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var port = ((IPEndPoint)holder.LocalEndpoint).Port;
        var config = directory.File("firewall.json");
        File.WriteAllText(config, $$"""{ "Firewall": { "Queue": { "Number": 8 }, "Http": { "Urls": "http://127.0.0.1:{{port}}" } } }""");

        var result = ExternalTool.Run(Program, ["run", "--config", config]);

        Assert.Equal(3, result.ExitCode);
        var error = Assert.Single(result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("run: ", StringComparison.Ordinal));
        Assert.Equal($"run: cannot listen for HTTP on http://127.0.0.1:{port}: address already in use", error);
        Assert.DoesNotContain("   at ", result.StandardOutput + result.StandardError);
        Assert.DoesNotContain("bound", result.StandardOutput);
    }

    private static (int, string) Trimmed((int Status, string Body) response) => (response.Status, response.Body.Trim());

    private static async Task<string> ScrapeUntilAsync(NetnsFirewall firewall, Func<string, bool> done, int port = 9387) =>
        (await PollAsync(() => firewall.Get("/metrics", port), r => done(r.Body), seconds: 30)).Body;

    private static async Task<(int Status, string Body)> PollAsync(Func<(int Status, string Body)> get, Func<(int Status, string Body), bool> done, double seconds)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var response = get();
            if (done(response))
                return response;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"last response {response.Status}:\n{response.Body}");
            await Task.Delay(200);
        }
    }

    /// <summary>The value of the one series <paramref name="name"/> carrying all <paramref name="labels"/>, or null.</summary>
    private static long? Series(string metrics, string name, params string[] labels)
    {
        var values = Lines(metrics, name).Where(l => labels.All(l.Contains)).Select(Value).ToList();
        return values.Count == 1 ? values[0] : null;
    }

    private static long SumOf(string metrics, string name) => Lines(metrics, name).Sum(Value);

    private static IEnumerable<string> Lines(string metrics, string name) =>
        metrics.Split('\n').Where(l => l.StartsWith(name + "{", StringComparison.Ordinal) || l.StartsWith(name + " ", StringComparison.Ordinal));

    private static long Value(string line) => long.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);

    /// <summary>The value next to <paramref name="name"/> in the facts table <paramref name="id"/> of the rendered page.</summary>
    private static string Fact(string dom, string id, string name)
    {
        var table = Regex.Match(dom, $"<table[^>]*id=\"{id}\"[^>]*>(.*?)</table>", RegexOptions.Singleline);
        Assert.True(table.Success, $"no table {id} in\n{dom}");
        var cell = Regex.Match(table.Groups[1].Value, $"<th>{Regex.Escape(name)}</th><td>([^<]*)</td>");
        Assert.True(cell.Success, $"no {name} in table {id}");
        return cell.Groups[1].Value;
    }

    /// <summary>The cells of each row of table <paramref name="id"/> (the header row first).</summary>
    private static List<string[]> Rows(string dom, string id)
    {
        var table = Regex.Match(dom, $"<table[^>]*id=\"{id}\"[^>]*>(.*?)</table>", RegexOptions.Singleline);
        Assert.True(table.Success, $"no table {id} in\n{dom}");
        return Regex.Matches(table.Groups[1].Value, "<tr>(.*?)</tr>", RegexOptions.Singleline)
            .Select(row => Regex.Matches(row.Groups[1].Value, "<t[hd]>([^<]*)</t[hd]>").Select(c => c.Groups[1].Value).ToArray())
            .ToList();
    }
}
