using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace Gtp.Firewall.Tests.Monitoring;

/// <summary>
/// <c>Gtp.Firewall run</c> started in a network namespace of its own (queue and HTTP endpoint never meet the machine's):
/// loopback up, the firewall's UDP port 2152 on loopback queued to it, HTTP fetched with curl inside the namespace.
/// Stopped with SIGTERM and the namespace deleted on dispose.
/// </summary>
internal sealed class NetnsFirewall : IDisposable
{
    private const string Ip = "/usr/bin/ip";
    private const string Curl = "/usr/bin/curl";
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly TaskCompletionSource<string> _bound = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private NetnsFirewall(string name, int queue, Process process)
    {
        Name = name;
        QueueNumber = queue;
        _process = process;
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
                return;
            lock (_stdout)
                _stdout.AppendLine(e.Data);
            if (e.Data.StartsWith("run: queue ", StringComparison.Ordinal))
                _bound.TrySetResult(e.Data);
        };
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
                return;
            lock (_stderr)
                _stderr.AppendLine(e.Data);
        };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Name { get; }

    public int QueueNumber { get; }

    public string StandardError
    {
        get
        {
            lock (_stderr)
                return _stderr.ToString();
        }
    }

    public string StandardOutput
    {
        get
        {
            lock (_stdout)
                return _stdout.ToString();
        }
    }

    /// <summary>Null when the machine cannot run it (the reason to skip with).</summary>
    public static string? MissingPrerequisite()
    {
        if (!OperatingSystem.IsLinux())
            return "Linux only (NFQUEUE)";
        if (!Environment.IsPrivilegedProcess)
            return "needs root (network namespaces, iptables, NFQUEUE)";
        if (!File.Exists(Ip) || ExternalTool.Run(Ip, ["netns", "list"]).ExitCode != 0)
            return "ip netns is not available (Debian package iproute2)";
        if (!File.Exists("/usr/sbin/iptables"))
            return "iptables is not installed (Debian package iptables)";
        if (!NativeLibrary.TryLoad("libnetfilter_queue.so.1", out var handle))
            return "libnetfilter_queue.so.1 is not installed (Debian package libnetfilter-queue1)";
        NativeLibrary.Free(handle);
        if (!File.Exists(Curl))
            return "curl is not installed (Debian package curl)";
        return null;
    }

    /// <summary>Starts <c>run</c> with <paramref name="firewallJson"/> (the Firewall section's content) and waits until its queue is bound.</summary>
    public static async Task<NetnsFirewall> StartAsync(TempDirectory directory, string firewallJson, int queue)
    {
        var name = $"gtpfw-http-{Environment.ProcessId}-{queue}";
        ExternalTool.Run(Ip, ["netns", "del", name]);
        ExternalTool.RunChecked(Ip, ["netns", "add", name]);
        ExternalTool.RunChecked(Ip, ["-n", name, "link", "set", "lo", "up"]);
        var config = directory.File("firewall.json");
        File.WriteAllText(config, $$"""{ "Firewall": {{firewallJson}} }""");
        var start = new ProcessStartInfo(Ip)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = directory.Path,
        };
        foreach (var argument in new[] { "netns", "exec", name, "dotnet", Path.Combine(AppContext.BaseDirectory, "Gtp.Firewall.dll"), "run", "--config", config })
            start.ArgumentList.Add(argument);
        var firewall = new NetnsFirewall(name, queue, Process.Start(start)!);
        try
        {
            var line = await firewall._bound.Task.WaitAsync(TimeSpan.FromSeconds(90));
            Assert.StartsWith($"run: queue {queue} bound", line);
            ExternalTool.RunChecked(Ip, ["netns", "exec", name, "iptables", "-A", "OUTPUT", "-o", "lo", "-p", "udp", "--dport", "2152",
                "-j", "NFQUEUE", "--queue-num", queue.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            return firewall;
        }
        catch
        {
            var error = firewall.StandardError;
            firewall.Dispose();
            throw new InvalidOperationException($"run did not bind its queue; stderr:\n{error}");
        }
    }

    /// <summary>Sends <paramref name="count"/> copies of one UDP payload to 127.0.0.1:2152 inside the namespace (queued to the firewall).</summary>
    public void SendGtpU(int count, string payloadEscapes)
    {
        var script = $"for i in $(seq {count}); do printf '{payloadEscapes}' > /dev/udp/127.0.0.1/2152; done";
        ExternalTool.RunChecked(Ip, ["netns", "exec", Name, "/bin/bash", "-c", script]);
    }

    /// <summary>GET of <paramref name="path"/> on the endpoint inside the namespace: status code and body.</summary>
    public (int Status, string Body) Get(string path, int port = 9387)
    {
        var result = ExternalTool.Run(Ip, ["netns", "exec", Name, Curl, "-s", "-S", "-w", "\n%{http_code}", $"http://127.0.0.1:{port}{path}"]);
        Assert.True(result.ExitCode == 0, result.ToString());
        var split = result.StandardOutput.LastIndexOf('\n');
        return (int.Parse(result.StandardOutput[(split + 1)..], System.Globalization.CultureInfo.InvariantCulture), result.StandardOutput[..split]);
    }

    /// <summary>Runs a program inside the namespace.</summary>
    public ToolResult Exec(string program, params string[] arguments) =>
        ExternalTool.Run(Ip, ["netns", "exec", Name, program, .. arguments]);

    /// <summary>SIGTERM, then the exit code (the process is killed if it does not stop in time).</summary>
    public int Stop()
    {
        if (!_process.HasExited)
        {
            // ip netns exec replaces itself with dotnet (execvp), so this is the firewall's pid.
            ExternalTool.Run("/bin/kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            if (!_process.WaitForExit(TimeSpan.FromSeconds(60)))
                _process.Kill(entireProcessTree: true);
        }
        _process.WaitForExit();
        return _process.ExitCode;
    }

    public void Dispose()
    {
        try
        {
            Stop();
        }
        finally
        {
            _process.Dispose();
            ExternalTool.Run(Ip, ["netns", "del", Name]);
        }
    }
}
