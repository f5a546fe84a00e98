using Gtp.Firewall.Tests.Tools;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace Gtp.Firewall.Tests.Inline;

/// <summary>
/// <c>Gtp.Firewall run</c> on a real NFQUEUE queue in network namespaces (tests/netns). Needs root, <c>ip netns</c>,
/// iptables with NFQUEUE, libnetfilter_queue.so.1, python3-scapy and a built Cgf.Server; skipped with the reason
/// otherwise.
/// </summary>
public class InlineNetnsTests
{
    private static string Netns => Path.Combine(AppContext.BaseDirectory, "netns");
    private static string FirewallDll => Path.Combine(AppContext.BaseDirectory, "Gtp.Firewall.dll");

    [SkippableFact]
    public void ASessionWithAnAllowedAndADeniedHandoverPassesExactlyTheAllowedPackets()
    {
        using var counters = RunScenario(queues: 1);
    }

    /// <summary>
    /// The same scenario with Firewall:Queue:Count = 2 behind <c>--queue-balance 0:1</c>: the address pairs (SGW-1,
    /// SGW-2 and SGW-3 with the PGW, the CDF with the CGF) are spread over the two queues by the kernel's hash, and
    /// every result is the one-queue result (docs/firewall-multicore.md).
    /// </summary>
    [SkippableFact]
    public void WithTwoQueuesTheSameScenarioEndsWithTheSameResults()
    {
        using var counters = RunScenario(queues: 2);

        var queues = counters.RootElement.GetProperty("Queues").EnumerateArray().ToList();
        Assert.Equal([0, 1], queues.Select(q => q.GetProperty("Number").GetInt32()));
        Assert.Equal((54, 16), (queues.Sum(q => q.GetProperty("Accepted").GetInt32()), queues.Sum(q => q.GetProperty("Dropped").GetInt32())));
    }

    private static JsonDocument RunScenario(int queues)
    {
        SkipUnlessNetns();
        var cgf = CgfServerDll();
        Skip.If(cgf is null, "Cgf.Server is not built (dotnet build Cgf.Server -c Release)");
        using var directory = new TempDirectory();

        var result = ExternalTool.Run("/usr/bin/env", [$"QUEUE_COUNT={queues}", "/bin/bash", Path.Combine(Netns, "inline-e2e.sh"), FirewallDll, cgf!, directory.Path]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("inline-e2e: PASS", result.StandardOutput);
        // The receivers' view, read back independently of the script's own checks.
        using var summary = JsonDocument.Parse(File.ReadAllText(directory.File("scenario.json")));
        var steps = summary.RootElement.GetProperty("steps").EnumerateArray().ToList();
        Assert.Equal(17, steps.Count);
        Assert.All(steps, s => Assert.True(s.GetProperty("ok").GetBoolean(), s.ToString()));
        var arrived = steps.Sum(s => s.GetProperty("arrived").GetInt32());
        var sent = steps.Sum(s => s.GetProperty("sent").GetInt32());
        Assert.Equal((70, 54), (sent, arrived));
        var charging = summary.RootElement.GetProperty("expectedCharging");
        Assert.Equal((10 * 200 + 10 * 300 + 4 * 250, 10 * 500 + 10 * 700 + 4 * 250),
            (charging.GetProperty("uplinkOctets").GetInt32(), charging.GetProperty("downlinkOctets").GetInt32()));
        var counters = JsonDocument.Parse(File.ReadAllText(directory.File("firewall-counters.json")));
        Assert.Equal(70, counters.RootElement.GetProperty("Counters").GetProperty("Packets").GetInt32());
        return counters;
    }

    [SkippableFact]
    public void FragmentsCrossOnlyAsPartOfAWholeDatagramThatIsPermitted()
    {
        SkipUnlessNetns();
        using var directory = new TempDirectory();

        var result = ExternalTool.Run("/bin/bash", [Path.Combine(Netns, "inline-fragments.sh"), FirewallDll, directory.Path]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("inline-fragments: PASS", result.StandardOutput);
        // What hplmn saw, read back independently of the script's own checks: F1-F4 (unknown TEID, in order, reversed,
        // tiny first fragment, overlap rewriting the TEID) no fragment; F5, F6 (known TEID) every fragment and the G-PDU.
        using var summary = JsonDocument.Parse(File.ReadAllText(directory.File("fragments.json")));
        var steps = summary.RootElement.GetProperty("steps").EnumerateArray()
            .ToDictionary(s => s.GetProperty("step").GetString()!, s => (Crossed: s.GetProperty("crossed").GetInt32(), Received: s.GetProperty("received").GetInt32(), Ok: s.GetProperty("ok").GetBoolean()));
        Assert.Equal(["F1", "F2", "F3", "F4", "F5", "F6"], steps.Keys);
        Assert.All(["F1", "F2", "F3", "F4"], s => Assert.Equal((0, 0, true), steps[s]));
        Assert.All(["F5", "F6"], s => Assert.Equal((3, 1, true), steps[s]));
    }

    [SkippableTheory]
    [InlineData("kill")]
    [InlineData("term")]
    [InlineData("retire")]
    public void TunnelsAndUsageSurviveARestartOfRun(string stop)
    {
        SkipUnlessNetns();
        var cgf = CgfServerDll();
        Skip.If(cgf is null, "Cgf.Server is not built (dotnet build Cgf.Server -c Release)");
        using var directory = new TempDirectory();

        var result = ExternalTool.Run("/bin/bash", [Path.Combine(Netns, "state-e2e.sh"), FirewallDll, cgf!, directory.Path, stop]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("state-e2e: PASS", result.StandardOutput);
        // The receivers' count, read back independently: 3 sessions x (5 + 4 + 3) G-PDUs each way.
        using var received = JsonDocument.Parse(File.ReadAllText(directory.File("received.json")));
        Assert.Equal((3 * 12 * 200, 3 * 12 * 300),
            (received.RootElement.GetProperty("uplinkOctets").GetInt32(), received.RootElement.GetProperty("downlinkOctets").GetInt32()));
        // kill -9 loses at most the 4 G-PDUs per direction and session sent after the last checkpoint; SIGTERM none
        // (retire: the records closed at the stop and those of the next run add up to the same).
        var records = Directory.GetFiles(Path.Combine(directory.Path, "export"), "*.json")
            .SelectMany(f => JsonDocument.Parse(File.ReadAllText(f)).RootElement.GetProperty("records").EnumerateArray()).ToList();
        // One record per session at its delete; retire also closed one per session at the first stop.
        Assert.Equal(stop == "retire" ? 6 : 3, records.Count);
        var uplink = records.Sum(r => r.GetProperty("uplinkVolume").GetInt64());
        Assert.InRange(uplink, stop == "kill" ? 3 * 8 * 200 : 3 * 12 * 200, 3 * 12 * 200);
    }

    [SkippableFact]
    public void ADamagedStateRowStopsRunWithOneLineAndExitCode3AndTheOutboxKeepsItsRecords()
    {
        SkipUnlessNetns();
        var ns = $"gtpfw-state-{Environment.ProcessId}";
        using var directory = new TempDirectory();
        // firewall.json keeps the outbox (and so the state) in cdf.db of the working directory.
        var outbox = directory.File("cdf.db");
        using (var store = new Storage.Cdf.CdfOutbox(outbox))
        {
            var changes = new Storage.Cdf.OutboxChanges();
            changes.Enqueued.Add(new Storage.Cdf.QueuedCdr(1, [0x30, 0x00]));
            changes.ProducerState.Add(new Storage.Cdf.ProducerStateRow("fw.tunnel:00000007", [0x01, 0x01, 0x00]));
            store.Apply(changes);
        }
        Assert.Equal(0, ExternalTool.Run("/usr/bin/ip", ["netns", "add", ns]).ExitCode);
        try
        {
            var run = ExternalTool.Run("/usr/bin/ip", ["netns", "exec", ns, "dotnet", FirewallDll, "run", "--config", Path.Combine(Netns, "firewall.json")],
                workingDirectory: directory.Path);

            Assert.Equal(3, run.ExitCode);
            var error = Assert.Single(run.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => !char.IsAsciiDigit(l[0]));
            Assert.Equal("run: state: cdf.db: row 'fw.tunnel:00000007': 3 octets, shorter than the 172 of the fixed part", error);
            Assert.Equal(1, Storage.Cdf.CdfOutbox.ReadStatus(outbox).OutboxCdrs);
        }
        finally
        {
            ExternalTool.Run("/usr/bin/ip", ["netns", "del", ns]);
        }
    }

    [SkippableFact]
    public void ASecondRunOnTheSameQueueFailsWithOneLineAndExitCode3()
    {
        SkipUnlessNetns();
        var ns = $"gtpfw-test-{Environment.ProcessId}";
        using var directory = new TempDirectory();
        Assert.Equal(0, ExternalTool.Run("/usr/bin/ip", ["netns", "add", ns]).ExitCode);
        Process? first = null;
        try
        {
            var config = Path.Combine(Netns, "firewall.json");
            first = Process.Start(new ProcessStartInfo("/usr/bin/ip", ["netns", "exec", ns, "dotnet", FirewallDll, "run", "--config", config])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = directory.Path, // the charging outbox (firewall.json: cdf.db) goes here
            })!;
            var line = first.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60)).GetAwaiter().GetResult();
            Assert.StartsWith("run: queue 0 bound (fail-open on)", line);

            var second = ExternalTool.Run("/usr/bin/ip", ["netns", "exec", ns, "dotnet", FirewallDll, "run", "--config", config]);

            Assert.Equal(3, second.ExitCode);
            // Log lines (timestamped, e.g. the HTTP endpoint's) aside, one line says what failed.
            var error = Assert.Single(second.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => !char.IsAsciiDigit(l[0]));
            Assert.StartsWith("run: queue 0: nfq_create_queue (in use by another program?) failed:", error);

            // SIGTERM: stop reading, print the counters, exit 0.
            Assert.Equal(0, ExternalTool.Run("/bin/kill", ["-TERM", first.Id.ToString()]).ExitCode);
            Assert.True(first.WaitForExit(TimeSpan.FromSeconds(30)));
            Assert.Equal(0, first.ExitCode);
            Assert.Contains("queue: 0 accepted, 0 dropped", first.StandardOutput.ReadToEnd());
        }
        finally
        {
            if (first is { HasExited: false })
            {
                first.Kill(entireProcessTree: true);
            }
            ExternalTool.Run("/usr/bin/ip", ["netns", "del", ns]);
        }
    }

    private static void SkipUnlessNetns()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "Linux only (NFQUEUE)");
        Skip.IfNot(Environment.IsPrivilegedProcess, "needs root (network namespaces, iptables, NFQUEUE)");
        Skip.IfNot(File.Exists("/usr/bin/ip") || File.Exists("/sbin/ip"), "ip is not installed (Debian package iproute2)");
        Skip.If(ExternalTool.Run("/usr/bin/ip", ["netns", "list"]).ExitCode != 0, "ip netns is not available");
        Skip.IfNot(File.Exists("/usr/sbin/iptables"), "iptables is not installed (Debian package iptables)");
        Skip.IfNot(NativeLibrary.TryLoad("libnetfilter_queue.so.1", out var handle), "libnetfilter_queue.so.1 is not installed (Debian package libnetfilter-queue1)");
        NativeLibrary.Free(handle);
        Skip.IfNot(ExternalTool.Exists(ExternalTool.Python3), ExternalTool.MissingReason(ExternalTool.Python3));
        Skip.If(ExternalTool.Run(ExternalTool.Python3, ["-c", "import scapy.contrib.gtp_v2"]).ExitCode != 0, "python3-scapy is not installed");
    }

    /// <summary>Cgf.Server.dll of the same configuration, or null when it is not built.</summary>
    private static string? CgfServerDll() => File.Exists(Repository.CgfServerDll) ? Repository.CgfServerDll : null;
}
