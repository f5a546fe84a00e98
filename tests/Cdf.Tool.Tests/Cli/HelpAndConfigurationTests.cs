using Cdf.Tool.Tests.Infrastructure;
using System.Text.Json;

namespace Cdf.Tool.Tests.Cli;

/// <summary>
/// --help and --version, and where cdf reads its settings: the Cdf section of --config (else ./appsettings.json) is the
/// base, options on the command line win, --cgf replaces the file's CGFs, --Logging:... switches the log to JSON.
/// </summary>
public sealed class HelpAndConfigurationTests
{
    [Theory]
    [InlineData("status", "--help")]
    [InlineData("--give-up-after", "send", "--help")]
    [InlineData("--config", "send", "-h")]
    [InlineData("--server-pid", "bench", "--help")]
    [InlineData("--json", "status", "--help")]
    public async Task HelpListsTheOptionsAndTheExitCodesOnStdout(string listed, params string[] arguments)
    {
        using var cdf = CdfProcess.Start(arguments);
        Assert.Equal(0, await cdf.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains(listed, cdf.StandardOutput, StringComparison.Ordinal);
        // The README's table, written out here rather than taken from Operations.ExitCode.
        Assert.Contains("Exit codes: 0 success; 1 work not completed", cdf.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("2 usage or configuration error; 3 environment error", cdf.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("130 interrupted (SIGINT/SIGTERM)", cdf.StandardOutput, StringComparison.Ordinal);
        Assert.Empty(cdf.StandardErrorLines);
    }

    [Fact]
    public async Task VersionPrintsTheVersionAndExitsZero()
    {
        using var cdf = CdfProcess.Start("--version");
        Assert.Equal(0, await cdf.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Matches(@"^\d+\.\d+\.\d+", cdf.StandardOutput);
    }

    [Fact]
    public async Task TheConfigFileGivesCgfsAndOutboxAndAnOptionOnTheCommandLineWins()
    {
        using var directory = new TempDirectory();
        var port = FreePort.Get();
        using var cgf = await CgfProcess.StartAsync(port, directory.File("cgf.db"));
        var config = directory.File("cdf.json");
        WriteConfig(config, port, directory.File("from-file.db"), cdrsPerRequest: 5);

        using (var fromFile = CdfProcess.Start("send", "--config", config, "--generate", "40"))
        {
            Assert.Equal(0, await fromFile.WaitForExitAsync(TimeSpan.FromSeconds(60)));
            // 40 CDRs at the file's 5 per request.
            Assert.Contains("acknowledged CDRs     40 in 8 requests", fromFile.StandardOutput, StringComparison.Ordinal);
        }
        Assert.True(File.Exists(directory.File("from-file.db")));

        using (var overridden = CdfProcess.Start("send", "--config", config, "--generate", "100", "--cdrs-per-request", "10"))
        {
            Assert.Equal(0, await overridden.WaitForExitAsync(TimeSpan.FromSeconds(60)));
            // Generation resumes after 40: 60 more CDRs at the command line's 10 per request.
            Assert.Contains("acknowledged CDRs     60 in 6 requests", overridden.StandardOutput, StringComparison.Ordinal);
        }
        Assert.Equal(Enumerable.Range(1, 100).Select(i => (uint)i), CgfDatabaseReader.Read(cgf.DatabasePath).Select(c => c.LocalSequenceNumber).Order());
    }

    [Fact]
    public async Task CgfOnTheCommandLineReplacesTheFilesCgfsAndTheWorkingDirectorysAppsettingsIsRead()
    {
        using var directory = new TempDirectory();
        var port = FreePort.Get();
        using var cgf = await CgfProcess.StartAsync(port, directory.File("cgf.db"));
        // The file's CGF listens nowhere: had it stayed first in the pool, the send would fail over or time out.
        WriteConfig(directory.File("appsettings.json"), FreePort.Get(), "outbox.db", cdrsPerRequest: 4);

        using var cdf = CdfProcess.StartIn(directory.Path, "send", "--cgf", $"127.0.0.1:{port}", "--generate", "20", "--give-up-after", "20s");
        Assert.Equal(0, await cdf.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains("acknowledged CDRs     20 in 5 requests", cdf.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("failovers             0", cdf.StandardOutput, StringComparison.Ordinal);
        // StatePath of ./appsettings.json, relative to the working directory.
        Assert.True(File.Exists(directory.File("outbox.db")));
    }

    [Fact]
    public async Task TheJsonConsoleFormatterWritesOneJsonObjectPerLogLine()
    {
        using var directory = new TempDirectory();
        var port = FreePort.Get();
        using var cgf = await CgfProcess.StartAsync(port, directory.File("cgf.db"));
        using var cdf = CdfProcess.Start("send", "--cgf", $"127.0.0.1:{port}", "--state", directory.File("cdf.db"), "--generate", "5",
            "--Logging:Console:FormatterName=json");
        Assert.Equal(0, await cdf.WaitForExitAsync(TimeSpan.FromSeconds(60)));

        var lines = cdf.StandardErrorLines;
        Assert.NotEmpty(lines);
        var records = lines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.All(records, r => Assert.True(r.TryGetProperty("EventId", out _) && r.TryGetProperty("Category", out _), r.ToString()));
        // cdf's own "enqueued 5 CDRs" (event 2 of category cdf) is among them, as a structured record.
        Assert.Contains(records, r => r.GetProperty("Category").GetString() == "cdf" && r.GetProperty("EventId").GetInt32() == 2);
        Assert.Contains("acknowledged CDRs     5 in 1 requests", cdf.StandardOutput, StringComparison.Ordinal);
    }

    private static void WriteConfig(string path, int port, string statePath, int cdrsPerRequest) =>
        File.WriteAllText(path, JsonSerializer.Serialize(new
        {
            Cdf = new
            {
                Cgfs = new[] { new { Host = "127.0.0.1", Port = port } },
                StatePath = statePath,
                MaxCdrsPerRequest = cdrsPerRequest,
            },
        }));
}
