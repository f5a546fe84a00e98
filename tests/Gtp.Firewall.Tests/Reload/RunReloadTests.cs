using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Gtp.Firewall.Tests.Reload;

/// <summary>
/// <c>Gtp.Firewall run</c> as a child process on a real NFQUEUE queue in its own network namespace: its --config file
/// is edited and SIGHUP sent with kill. Needs root, <c>ip netns</c> and libnetfilter_queue.so.1; skipped otherwise.
/// </summary>
public class RunReloadTests
{
    private static string FirewallDll => Path.Combine(AppContext.BaseDirectory, "Gtp.Firewall.dll");

    [SkippableFact]
    public async Task InvalidEditsAreRefusedWhileRunningAndValidOnesAreAppliedAndCounted()
    {
        SkipUnlessQueue();
        using var directory = new TempDirectory();
        var config = directory.File("firewall.json");
        var json = directory.File("counters.json");
        var valid = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "netns", "firewall.json")))!;
        // No charging: nothing in this namespace to deliver to.
        valid["Firewall"]!.AsObject().Remove("Charging");
        File.WriteAllText(config, valid.ToJsonString());
        var ns = $"gtpfw-reload-{Environment.ProcessId}";
        Assert.Equal(0, ExternalTool.Run("/usr/bin/ip", ["netns", "add", ns]).ExitCode);
        var lines = new List<string>();
        Process? run = null;
        try
        {
            run = Process.Start(new ProcessStartInfo("/usr/bin/ip", ["netns", "exec", ns, "dotnet", FirewallDll, "run", "--config", config, "--json", json])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = directory.Path,
            })!;
            run.OutputDataReceived += (_, e) => Add(lines, e.Data);
            run.ErrorDataReceived += (_, e) => Add(lines, e.Data);
            run.BeginOutputReadLine();
            run.BeginErrorReadLine();
            await WaitForAsync(lines, run, "run: queue 0 bound");
            Assert.Contains(Snapshot(lines), l => l.Contains("Live reload on", StringComparison.Ordinal));

            var invalid = valid.DeepClone();
            invalid["Firewall"]!["Policies"]![0]!["FromZone"] = "nowhere";
            File.WriteAllText(config, invalid.ToJsonString());
            var refused = await WaitForAsync(lines, run, "Policy reload (file change) refused");
            Assert.Contains("Firewall:Policies", refused, StringComparison.Ordinal);
            Assert.Contains("nowhere", refused, StringComparison.Ordinal);
            await HangupAsync(run);
            await WaitForAsync(lines, run, "Policy reload (SIGHUP) refused");
            Assert.False(run.HasExited);

            var changed = valid.DeepClone();
            changed["Firewall"]!["HandoverDefault"] = "deny";
            changed["Firewall"]!["Syslog"]!["AppName"] = "gtpfw-reloaded";
            File.WriteAllText(config, changed.ToJsonString());
            var applied = await WaitForAsync(lines, run, "Policy reloaded (file change)");
            Assert.Contains("2 zones, 2 policies, 2 handover groups", applied, StringComparison.Ordinal);
            var warning = await WaitForAsync(lines, run, "apply only at a restart");
            Assert.Contains("Firewall:Syslog:AppName", warning, StringComparison.Ordinal);
            await HangupAsync(run);
            await WaitForAsync(lines, run, "Policy reloaded (SIGHUP)");
            // An idle queue's packet thread takes a posted policy when its receive times out (every 200 ms).
            await Task.Delay(1000);

            Assert.Equal(0, ExternalTool.Run("/bin/kill", ["-TERM", run.Id.ToString(CultureInfo.InvariantCulture)]).ExitCode);
            Assert.True(run.WaitForExit(TimeSpan.FromSeconds(30)));
            // Only the wait without a timeout also waits for the redirected output's last lines (the counters summary).
            run.WaitForExit();
            Assert.Equal(0, run.ExitCode);
            var all = Snapshot(lines);
            var appliedLines = all.Count(l => l.Contains("Policy reloaded (", StringComparison.Ordinal));
            var refusedLines = all.Count(l => l.Contains("Policy reload (", StringComparison.Ordinal) && l.Contains(") refused", StringComparison.Ordinal));
            Assert.Contains($"policy reloads: applied {appliedLines}, refused {refusedLines}", all);
            Assert.DoesNotContain(all, l => l.TrimStart().StartsWith("at ", StringComparison.Ordinal));
            // The packet thread took the applied policies between two receive batches (two posted within one receive
            // timeout are one take: the newer replaces the older in the mailbox).
            using var counters = JsonDocument.Parse(File.ReadAllText(json));
            Assert.InRange(counters.RootElement.GetProperty("Queue").GetProperty("PoliciesTaken").GetInt64(), 1, appliedLines);
            Assert.Equal(refusedLines, counters.RootElement.GetProperty("Counters").GetProperty("PolicyReloadsRefused").GetInt64());
        }
        finally
        {
            if (run is { HasExited: false })
            {
                run.Kill(entireProcessTree: true);
            }
            run?.Dispose();
            ExternalTool.Run("/usr/bin/ip", ["netns", "del", ns]);
        }
    }

    private static void Add(List<string> lines, string? line)
    {
        if (line is not null)
        {
            lock (lines)
            {
                lines.Add(line);
            }
        }
    }

    private static List<string> Snapshot(List<string> lines)
    {
        lock (lines)
        {
            return [.. lines];
        }
    }

    private static async Task<string> WaitForAsync(List<string> lines, Process run, string text)
    {
        string? found = null;
        try
        {
            await Poll.UntilAsync(() => (found = Snapshot(lines).FirstOrDefault(l => l.Contains(text, StringComparison.Ordinal))) is not null || run.HasExited, 60);
        }
        catch (TimeoutException)
        {
        }
        Assert.True(found is not null, $"no line with '{text}'; run wrote:{Environment.NewLine}{string.Join(Environment.NewLine, Snapshot(lines))}");
        return found!;
    }

    private static async Task HangupAsync(Process run)
    {
        using var kill = Process.Start("/bin/kill", ["-HUP", run.Id.ToString(CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
        Assert.Equal(0, kill.ExitCode);
    }

    private static void SkipUnlessQueue()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "Linux only (NFQUEUE)");
        Skip.IfNot(Environment.IsPrivilegedProcess, "needs root (network namespaces, NFQUEUE)");
        Skip.IfNot(File.Exists("/usr/bin/ip"), "ip is not installed (Debian package iproute2)");
        Skip.If(ExternalTool.Run("/usr/bin/ip", ["netns", "list"]).ExitCode != 0, "ip netns is not available");
        Skip.IfNot(NativeLibrary.TryLoad("libnetfilter_queue.so.1", out var handle), "libnetfilter_queue.so.1 is not installed (Debian package libnetfilter-queue1)");
        NativeLibrary.Free(handle);
    }
}
