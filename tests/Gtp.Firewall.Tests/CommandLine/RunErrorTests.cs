using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using System.Text.Json.Nodes;
using static Gtp.Firewall.Tests.CommandLine.FirewallProcess;

namespace Gtp.Firewall.Tests.CommandLine;

/// <summary>
/// <c>run</c> where the NFQUEUE queue cannot be bound (not root) and its structured (JSON) console log. The daemon runs
/// as nobody (setpriv) or in a network namespace of its own (unshare), so the machine's own queues are never touched.
/// </summary>
public sealed class RunErrorTests
{
    private const string Setpriv = "/usr/bin/setpriv";
    private const string Unshare = "/usr/bin/unshare";

    [SkippableFact]
    [SupportedOSPlatform("linux")]
    public void AQueueThatCannotBeBoundIsExit3()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "Linux only (NFQUEUE)");
        Skip.IfNot(Environment.IsPrivilegedProcess, "needs root to start the firewall as another user");
        Skip.IfNot(File.Exists(Setpriv), "setpriv is not installed (Debian package util-linux)");
        Skip.IfNot(NativeLibrary.TryLoad("libnetfilter_queue.so.1", out var handle), "libnetfilter_queue.so.1 is not installed (Debian package libnetfilter-queue1)");
        NativeLibrary.Free(handle);
        // A checkout under a private directory (mktemp -d is 0700) is out of nobody's reach: nothing to test then.
        Skip.If(ExternalTool.Run(Setpriv, ["--reuid=65534", "--regid=65534", "--clear-groups", "test", "-x", Executable]).ExitCode != 0,
            $"user nobody cannot run {Executable} (a parent directory is private)");
        using var directory = new TempDirectory();
        var config = Write(directory, ContractConfiguration());
        // nobody must read the configuration (the temporary directory is the owner's only).
        File.SetUnixFileMode(directory.Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        File.SetUnixFileMode(config, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);

        var result = ExternalTool.Run(Setpriv, ["--reuid=65534", "--regid=65534", "--clear-groups", "--inh-caps=-all", "--bounding-set=-all",
            Executable, "run", "--config", config], workingDirectory: directory.Path);

        var line = AssertOneLineFailure(result, 3);
        Assert.StartsWith("run: nf", line);
        Assert.Contains("Operation not permitted", line);
    }

    [SkippableFact]
    public async Task RunLogsOneJsonObjectPerLineWhenTheFormatterIsJson()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "Linux only (NFQUEUE)");
        Skip.IfNot(Environment.IsPrivilegedProcess, "needs root (a network namespace and an NFQUEUE queue of its own)");
        Skip.IfNot(File.Exists(Unshare), "unshare is not installed (Debian package util-linux)");
        Skip.IfNot(NativeLibrary.TryLoad("libnetfilter_queue.so.1", out var handle), "libnetfilter_queue.so.1 is not installed (Debian package libnetfilter-queue1)");
        NativeLibrary.Free(handle);
        using var directory = new TempDirectory();
        var configuration = ContractConfiguration();
        var charging = configuration["Firewall"]!["Charging"]!;
        // Charging on, so there is something to log (the outbox and the CGF path); nothing is delivered.
        charging["Cgfs"] = new JsonArray(new JsonObject { ["Host"] = "127.0.0.1", ["Port"] = 3386 });
        charging["Outbox"] = directory.File("outbox.db");
        charging["DrainTimeout"] = "00:00:01";
        var config = Write(directory, configuration);
        var start = new ProcessStartInfo(Unshare, ["--net", Executable, "run", "--config", config, "--Logging:Console:FormatterName=json"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = directory.Path,
        };
        using var process = Process.Start(start)!;
        try
        {
            var stderr = process.StandardError.ReadToEndAsync();
            var bound = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
            if (bound?.StartsWith("run: queue 0 bound", StringComparison.Ordinal) != true)
                Assert.Fail($"{bound}\n{await StderrSoFar(process, stderr)}");
            var stdout = process.StandardOutput.ReadToEndAsync();

            var kill = ExternalTool.Run("/bin/kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            Assert.True(process.WaitForExit(TimeSpan.FromSeconds(60)));

            Assert.True(kill.ExitCode == 0 && process.ExitCode == 0, $"kill: {kill}\nfirewall exit {process.ExitCode}\n{await stdout}\n{await stderr}");
            var lines = (await stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.NotEmpty(lines);
            Assert.All(lines, l => Assert.NotNull(JsonNode.Parse(l)!["EventId"]));
            Assert.Contains(lines, l => JsonNode.Parse(l)!["Category"]!.GetValue<string>() == "Gtp.Firewall.Charging");
            Assert.DoesNotContain("   at ", await stdout);
        }
        finally
        {
            if (!process.HasExited)
                process.Kill(entireProcessTree: true);
        }
    }

    private static async Task<string> StderrSoFar(Process process, Task<string> stderr)
    {
        if (!process.HasExited)
            process.Kill(entireProcessTree: true);
        return await stderr;
    }
}
