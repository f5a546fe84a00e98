using System.Reflection;
using System.Text.Json;

namespace Cgf.Server.Tests.Commands;

/// <summary>--help and --version of the real program: on stdout, exit 0, the exit-code table and the main keys in every help.</summary>
public sealed class CgfHelpAndVersionTests
{
    [Theory]
    [InlineData("--help")]
    [InlineData("run --help")]
    [InlineData("status --help")]
    [InlineData("cdrs -h")]
    [InlineData("export --help")]
    [InlineData("cdr-file inspect --help")]
    public void HelpGoesToStdoutWithOptionsKeysAndExitCodes(string commandLine)
    {
        var result = CgfProcess.Run(null, commandLine.Split(' '));

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal("", result.Stderr);
        Assert.Contains("--config <FILE>", result.Stdout);
        Assert.Contains("Cgf:Storage:Path", result.Stdout);
        Assert.Contains("Cgf:Listen:Address", result.Stdout);
        // The table as README "Exit codes" gives it (written here, not taken from the code).
        Assert.Contains("0 success; 1 work not completed", result.Stdout);
        Assert.Contains("2 usage or configuration error; 3 environment error", result.Stdout);
        Assert.Contains("130 interrupted", result.Stdout);
    }

    [Fact]
    public void VersionPrintsTheAssemblyVersionAndDoesNotStartTheServer()
    {
        var version = AssemblyName.GetAssemblyName(Repository.CgfServerDll).Version!;

        var result = CgfProcess.Run(null, "--version");

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.StartsWith($"{version.Major}.{version.Minor}.{version.Build}", result.Stdout.Trim());
        Assert.Single(result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.DoesNotContain("Listening", result.Stdout);
    }

    /// <summary>One JSON object per log line (a collector's input) for a command, whose log is on stderr.</summary>
    [Fact]
    public void TheJsonConsoleFormatterWorksForACommand()
    {
        using var directory = new TempDirectory();
        var database = directory.File("cgf.db");
        Storage.Cgf.CgfDatabase.IncrementRestartCounter(database);

        var result = CgfProcess.Run(null, "export", "--out", directory.File("out"), $"--Cgf:Storage:Path={database}",
            "--Logging:Console:FormatterName=json");

        Assert.True(result.ExitCode == 0, result.Stderr);
        var lines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(lines);
        foreach (var line in lines)
        {
            using var json = JsonDocument.Parse(line);
            Assert.True(json.RootElement.TryGetProperty("EventId", out _), line);
        }
        Assert.Contains(lines, l => l.Contains("\"Category\":\"Cgf.Server.Export\"", StringComparison.Ordinal));
    }

    /// <summary>The daemon's log (stdout) as JSON lines from start to a clean SIGTERM stop (exit 0).</summary>
    [Fact]
    public async Task TheJsonConsoleFormatterWorksForTheDaemon()
    {
        using var directory = new TempDirectory();
        using var process = CgfProcess.Launch(["--Cgf:Listen:Address=127.0.0.1", $"--Cgf:Listen:Port={FreePort.Get()}",
            $"--Cgf:Storage:Path={directory.File("cgf.db")}", "--Cgf:RedirectionWait=00:00:00", "--Logging:Console:FormatterName=json"], directory.Path);
        var lines = new List<string>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            lines.Add(line);
            if (line.Contains("Cgf.Server.Hosting.StorageService", StringComparison.Ordinal))
                break;
        }
        using (var kill = System.Diagnostics.Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            await kill.WaitForExitAsync(timeout.Token);
        lines.AddRange((await process.StandardOutput.ReadToEndAsync(timeout.Token)).Split('\n', StringSplitOptions.RemoveEmptyEntries));
        await process.WaitForExitAsync(timeout.Token);

        Assert.Equal(0, process.ExitCode);
        Assert.True(lines.Count >= 3, string.Join('\n', lines));
        foreach (var line in lines)
        {
            using var json = JsonDocument.Parse(line);
            Assert.True(json.RootElement.TryGetProperty("LogLevel", out _), line);
        }
        Assert.Contains(lines, l => l.Contains("\"Transport\":\"udp\"", StringComparison.Ordinal));
    }
}
