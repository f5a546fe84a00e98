using Deploy.Tests.Support;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Deploy.Tests.Configuration;

/// <summary>
/// The programs accept the example configurations of deploy/etc as the units start them (<c>--config FILE</c>), with
/// /var/lib moved into a temporary directory and the CGF's port made free. The working directory is that temporary
/// directory too, as WorkingDirectory= is /var/lib under systemd.
/// </summary>
public class ExampleConfigurationTests
{
    private const string Ip = "/usr/bin/ip";
    private const string Setpriv = "/usr/bin/setpriv";
    // nobody: a user that is not root and owns nothing.
    private const int Nobody = 65534;

    [Fact]
    public async Task TheCgfServesWithTheExampleConfigurationAndKeepsItsDatabaseAndExportWhereItSays()
    {
        using var directory = new TempDirectory();
        var config = directory.File("appsettings.json");
        File.WriteAllText(config, File.ReadAllText(DeployFiles.Cgf.ExampleConfiguration).Replace("/var/lib/cgf", directory.Path, StringComparison.Ordinal));
        // Under systemd, StateDirectory=cgf/export creates it.
        Directory.CreateDirectory(directory.File("export"));
        var port = FreePort.Get();
        var lines = new ConcurrentQueue<string>();

        // Cgf:Http:Urls empty: no status endpoint on the default port, which parallel tests would share.
        using (var server = CgfProcess.Launch(
            ["run", "--config", config, $"--Cgf:Listen:Port={port}", "--Cgf:Listen:Address=127.0.0.1", "--Cgf:Http:Urls="], directory.Path))
        {
            try
            {
                server.OutputDataReceived += (_, e) => { if (e.Data is not null) lines.Enqueue(e.Data); };
                server.ErrorDataReceived += (_, e) => { if (e.Data is not null) lines.Enqueue(e.Data); };
                server.BeginOutputReadLine();
                server.BeginErrorReadLine();
                await WaitForLineAsync(lines, server, $"Listening for GTP' on udp 127.0.0.1:{port}");
                await WaitForLineAsync(lines, server, $"Exporting CDRs to {directory.File("export")} ");

                Assert.True(File.Exists(directory.File("cgf.db")), string.Join('\n', lines));

                Assert.Equal(0, ExternalTool.Run("/bin/kill", ["-TERM", server.Id.ToString(CultureInfo.InvariantCulture)]).ExitCode);
                using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
                await server.WaitForExitAsync(stop.Token);
                Assert.True(server.ExitCode == 0, string.Join('\n', lines));
            }
            finally
            {
                if (!server.HasExited)
                    server.Kill(entireProcessTree: true);
            }
        }

        using var status = CgfProcess.Launch(["status", "--config", config], directory.Path);
        var stderr = status.StandardError.ReadToEndAsync();
        var stdout = await status.StandardOutput.ReadToEndAsync();
        await status.WaitForExitAsync();
        Assert.True(status.ExitCode == 0, stdout + await stderr);
        Assert.Matches(new Regex($"^database +{Regex.Escape(directory.File("cgf.db"))}$", RegexOptions.Multiline), stdout);
        Assert.Matches(new Regex("^restart counter +1$", RegexOptions.Multiline), stdout);
    }

    [Fact]
    public void TheFirewallReplaysWithTheExampleConfigurationAndKeepsItsOutboxWhereItSays()
    {
        using var directory = new TempDirectory();
        var config = FirewallConfiguration(directory);
        var capture = EmptyCapture(directory);

        var result = ExternalTool.Run("dotnet", [Repository.FirewallDll, "replay", capture, "--config", config], workingDirectory: directory.Path);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("charging: 0 records", result.StandardOutput);
        Assert.True(File.Exists(directory.File("firewall-cdf.db")), result.ToString());
    }

    /// <summary>
    /// <c>run</c> as the unit runs it: a user that is not root, with CAP_NET_ADMIN as its only capability (setpriv does
    /// what User= and AmbientCapabilities= do), in a network namespace of its own so the host's queues are untouched.
    /// </summary>
    [SkippableFact]
    [SupportedOSPlatform("linux")]
    public void TheFirewallBindsTheExampleQueueWithOnlyCapNetAdminAndStopsOnSigterm()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "Linux only (NFQUEUE)");
        Skip.IfNot(Environment.IsPrivilegedProcess, "needs root (network namespaces, NFQUEUE)");
        Skip.IfNot(File.Exists(Ip), "ip is not installed (Debian package iproute2)");
        Skip.IfNot(File.Exists(Setpriv), "setpriv is not installed (Debian package util-linux)");
        Skip.IfNot(NativeLibrary.TryLoad("libnetfilter_queue.so.1", out var library), "libnetfilter_queue.so.1 is not installed (Debian package libnetfilter-queue1)");
        NativeLibrary.Free(library);
        string[] unprivileged = [Setpriv, $"--reuid={Nobody}", $"--regid={Nobody}", "--clear-groups",
            "--inh-caps=+net_admin", "--ambient-caps=+net_admin", "--bounding-set=-all,+net_admin"];
        Skip.If(ExternalTool.Run(unprivileged[0], [.. unprivileged[1..], "test", "-r", Repository.FirewallDll]).ExitCode != 0,
            $"user {Nobody} cannot read {Repository.FirewallDll}");
        var ns = $"deploy-test-{Environment.ProcessId}";
        Skip.If(ExternalTool.Run(Ip, ["netns", "add", ns]).ExitCode != 0, "ip netns add is not permitted here");
        using var directory = new TempDirectory();
        Process? firewall = null;
        try
        {
            Assert.Equal(0, ExternalTool.Run(Ip, ["netns", "exec", ns, Ip, "link", "set", "lo", "up"]).ExitCode);
            var config = FirewallConfiguration(directory);
            // As StateDirectory= does: the service user owns where the outbox goes.
            File.SetUnixFileMode(directory.Path, (UnixFileMode)0x1FF);
            firewall = Process.Start(new ProcessStartInfo(Ip,
                ["netns", "exec", ns, .. unprivileged, "env", $"HOME={directory.Path}", "dotnet", Repository.FirewallDll, "run", "--config", config])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = directory.Path,
            })!;
            var stderr = firewall.StandardError.ReadToEndAsync();

            var line = firewall.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60)).GetAwaiter().GetResult();

            // The example's Firewall:Queue: number 0, fail-open.
            Assert.StartsWith("run: queue 0 bound (fail-open on)", line);
            Assert.Equal(0, ExternalTool.Run("/bin/kill", ["-TERM", firewall.Id.ToString(CultureInfo.InvariantCulture)]).ExitCode);
            Assert.True(firewall.WaitForExit(TimeSpan.FromSeconds(60)));
            Assert.True(firewall.ExitCode == 0, stderr.Result);
            // Written by the unprivileged user, not by root.
            Assert.Equal($"{Nobody}\n", ExternalTool.RunChecked("/usr/bin/stat", "-c", "%u", directory.File("firewall-cdf.db")));
        }
        finally
        {
            if (firewall is { HasExited: false })
                firewall.Kill(entireProcessTree: true);
            firewall?.Dispose();
            ExternalTool.Run(Ip, ["netns", "del", ns]);
        }
    }

    /// <summary>The example with /var/lib/gtp-firewall in <paramref name="directory"/> and its CGF on a local port.</summary>
    private static string FirewallConfiguration(TempDirectory directory)
    {
        var text = File.ReadAllText(DeployFiles.Firewall.ExampleConfiguration).Replace("/var/lib/gtp-firewall", directory.Path, StringComparison.Ordinal);
        var json = JsonNode.Parse(text)!;
        var cgf = json["Firewall"]!["Charging"]!["Cgfs"]![0]!;
        cgf["Host"] = "127.0.0.1";
        cgf["Port"] = FreePort.Get();
        var path = directory.File("appsettings.json");
        File.WriteAllText(path, json.ToJsonString());
        return path;
    }

    /// <summary>A pcap file of no packets: the 24-octet global header (libpcap format: magic, version 2.4, snaplen, Ethernet).</summary>
    private static string EmptyCapture(TempDirectory directory)
    {
        var header = new byte[24];
        BitConverter.TryWriteBytes(header.AsSpan(0), 0xA1B2C3D4u);
        BitConverter.TryWriteBytes(header.AsSpan(4), (ushort)2);
        BitConverter.TryWriteBytes(header.AsSpan(6), (ushort)4);
        BitConverter.TryWriteBytes(header.AsSpan(16), 65535u);
        BitConverter.TryWriteBytes(header.AsSpan(20), 1u);
        var path = directory.File("empty.pcap");
        File.WriteAllBytes(path, header);
        return path;
    }

    private static async Task WaitForLineAsync(ConcurrentQueue<string> lines, Process process, string text)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!lines.Any(line => line.Contains(text, StringComparison.Ordinal)))
        {
            Assert.False(process.HasExited, $"the program exited before '{text}':\n{string.Join('\n', lines)}");
            Assert.True(DateTime.UtcNow < deadline, $"no '{text}' within 60 s:\n{string.Join('\n', lines)}");
            await Task.Delay(50);
        }
    }
}
