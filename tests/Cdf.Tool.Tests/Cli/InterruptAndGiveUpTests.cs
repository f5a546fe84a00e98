using Cdf.Tool.Tests.Infrastructure;
using Storage.Cdf;
using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Cdf.Tool.Tests.Cli;

/// <summary>
/// <c>cdf send</c> ends a send it cannot finish without losing anything: SIGINT/SIGTERM commit the outbox, print the
/// summary and exit 130; --give-up-after ends a send whose CGF does not answer with exit 1. What is left stays in the
/// outbox, and the same command later delivers it exactly once.
/// </summary>
public sealed partial class InterruptAndGiveUpTests
{
    [Fact]
    public async Task GiveUpAfterEndsASendToAnAbsentCgfWithExitOneAndKeepsTheCdrsInTheOutbox()
    {
        using var directory = new TempDirectory();
        var state = directory.File("cdf.db");
        var clock = Stopwatch.StartNew();
        using var cdf = CdfProcess.Start("send", "--cgf", $"127.0.0.1:{FreePort.Get()}", "--state", state, "--generate", "25", "--give-up-after", "2s");
        Assert.Equal(1, await cdf.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        // Start-up, 2 s without progress, then the outbox's close: far below the minute T3 x N3 and echoes would take.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}");
        Assert.Contains("cdf send: gave up after 2s without progress", cdf.StandardErrorLines[^1], StringComparison.Ordinal);
        Assert.Contains("acknowledged CDRs     0 in 0 requests", cdf.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(25, CdfOutbox.ReadStatus(state).OutboxCdrs);

        using var status = CdfProcess.Start("status", "--state", state);
        Assert.Equal(1, await status.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Matches(TableRow("CDRs in the outbox", 25), status.StandardOutput);
        Assert.Matches(TableRow("acknowledged CDRs", 0), status.StandardOutput);
        Assert.Contains($"outbox {state}: work left", status.StandardOutput, StringComparison.Ordinal);
        Assert.Empty(status.StandardErrorLines);

        using var json = CdfProcess.Start("status", "--state", state, "--json");
        Assert.Equal(1, await json.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Equal(25, JsonDocument.Parse(json.StandardOutput).RootElement.GetProperty("outboxCdrs").GetInt64());
    }

    [Theory]
    [InlineData(CdfProcess.SigInt, "SIGINT")]
    [InlineData(CdfProcess.SigTerm, "SIGTERM")]
    public async Task ASignalCommitsTheOutboxPrintsTheSummaryAndExits130_ThenTheSameCommandDeliversTheRestExactlyOnce(int signal, string name)
    {
        const int Total = 5000;
        using var directory = new TempDirectory();
        var port = FreePort.Get();
        using var cgf = await CgfProcess.StartAsync(port, directory.File("cgf.db"));
        string[] command = ["send", "--cgf", $"127.0.0.1:{port}", "--state", directory.File("cdf.db"), "--generate", $"{Total}", "--cdrs-per-request", "10"];

        // Paced at 1000 CDRs/s, the send takes five seconds: the signal comes once cdf reports acknowledged CDRs
        // (its progress line, once a second).
        using (var first = CdfProcess.Start([.. command, "--rate", "1000", "--progress"]))
        {
            await Poll.UntilAsync(() => ProgressLine().IsMatch(first.Output));
            first.Signal(signal);
            Assert.Equal(130, await first.WaitForExitAsync(TimeSpan.FromSeconds(60)));
            Assert.Contains($"cdf send: interrupted by {name}", first.Output, StringComparison.Ordinal);
            var acknowledged = long.Parse(AcknowledgedLine().Match(first.StandardOutput).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            Assert.InRange(acknowledged, 1, Total - 1);
            Assert.Contains("outbox                ", first.StandardOutput, StringComparison.Ordinal);
        }

        using (var resume = CdfProcess.Start(command))
            Assert.Equal(0, await resume.WaitForExitAsync(TimeSpan.FromSeconds(120)));
        Assert.Equal(Enumerable.Range(1, Total).Select(i => (uint)i),
            CgfDatabaseReader.Read(cgf.DatabasePath).Select(c => c.LocalSequenceNumber).Order());
    }

    private static Regex TableRow(string name, long value) => new($@"(?m)^\s+{Regex.Escape(name)}\s+{value}\s");

    [GeneratedRegex(@"acknowledged [1-9][0-9]*/")]
    private static partial Regex ProgressLine();

    [GeneratedRegex(@"acknowledged CDRs\s+(\d+) in")]
    private static partial Regex AcknowledgedLine();
}
