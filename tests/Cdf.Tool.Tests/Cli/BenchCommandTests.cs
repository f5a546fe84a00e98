using Cdf.Tool.Tests.Infrastructure;
using System.Text.Json;

namespace Cdf.Tool.Tests.Cli;

/// <summary>
/// <c>cdf bench</c> as a child process, the one load tool: it runs, starts and stops its own Cgf.Server, and
/// reports figures. Not a timed test: it asserts that CDRs were acknowledged and nothing was lost, not how fast.
/// </summary>
public sealed class BenchCommandTests
{
    [Theory]
    [InlineData("outbox")]
    [InlineData("raw")]
    [InlineData("raw-tcp")]
    public async Task BenchStartsItsOwnCgfAndReportsAcknowledgedCdrsAndCpuPerCdr(string mode)
    {
        using var directory = new TempDirectory();
        var json = directory.File("bench.json");
        string[] arguments = ["bench", "--start-server", "--server-dll", Repository.CgfServerDll, "--duration", "1", "--warm-up", "0.5",
            "--cdrs-per-request", "5", "--window", "8", "--json", json];
        arguments = mode switch
        {
            "raw" => [.. arguments, "--raw", "--flows", "2"],
            // The started CGF listens on TCP too; a flow that did not reach it over TCP would fail to connect.
            "raw-tcp" => [.. arguments, "--raw", "--flows", "2", "--tcp"],
            _ => [.. arguments, "--state", directory.File("cdf.db")],
        };
        using var cdf = CdfProcess.Start(arguments);

        Assert.Equal(0, await cdf.WaitForExitAsync(TimeSpan.FromSeconds(90)));
        Assert.Contains("acknowledged CDRs/s", cdf.Output);
        using var figures = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        var root = figures.RootElement;
        Assert.Equal(mode.Split('-')[0], root.GetProperty("mode").GetString());
        Assert.Equal(mode.EndsWith("tcp", StringComparison.Ordinal) ? "tcp" : "udp", root.GetProperty("transport").GetString());
        Assert.True(root.GetProperty("acknowledgedCdrs").GetInt64() > 0);
        Assert.Equal(0, root.GetProperty("acknowledgedCdrs").GetInt64() % 5);
        Assert.Equal(0, root.GetProperty("lost").GetInt64());
        Assert.Equal(0, root.GetProperty("rejected").GetInt64());
        Assert.True(root.GetProperty("serverCpuMicrosecondsPerCdr").GetDouble() > 0);
        Assert.True(root.GetProperty("clientCpuMicrosecondsPerCdr").GetDouble() > 0);
    }

    [Fact]
    public async Task RawBenchAtAFixedRateOffersThatRateAndNotAsFastAsAcknowledged()
    {
        using var directory = new TempDirectory();
        var json = directory.File("bench.json");
        // 3,000 CDRs/s over two flows is far below what the CGF acknowledges flat out (tens of thousands).
        using var cdf = CdfProcess.Start("bench", "--start-server", "--server-dll", Repository.CgfServerDll, "--raw", "--flows", "2",
            "--cdrs-per-request", "1", "--rate", "3000", "--duration", "2", "--warm-up", "0.5", "--json", json);

        Assert.Equal(0, await cdf.WaitForExitAsync(TimeSpan.FromSeconds(90)));
        using var figures = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        var root = figures.RootElement;
        Assert.Equal(3000, root.GetProperty("offeredRate").GetDouble());
        Assert.InRange(root.GetProperty("offeredInWindow").GetDouble(), 2400, 3600);
        Assert.InRange(root.GetProperty("cdrsPerSecond").GetDouble(), 2000, 3600);
        Assert.Equal(0, root.GetProperty("lost").GetInt64());
    }

    [Fact]
    public async Task ASecondRawBenchAgainstTheSameCgfSendsNewCdrsNotDuplicates()
    {
        using var directory = new TempDirectory();
        using var cgf = await CgfProcess.StartAsync(FreePort.Get(), directory.File("cgf.db"));
        // Same flow address and sequence numbers from 0 in both runs: only the CDRs' content tells the runs apart.
        string[] Arguments(string json) => ["bench", "--cgf", $"127.0.0.1:{cgf.Port}", "--raw", "--flows", "1", "--cdrs-per-request", "1",
            "--window", "8", "--duration", "1", "--warm-up", "0", "--json", json];

        foreach (var run in new[] { "first.json", "second.json" })
        {
            using var cdf = CdfProcess.Start(Arguments(directory.File(run)));
            Assert.Equal(0, await cdf.WaitForExitAsync(TimeSpan.FromSeconds(60)));
            using var figures = JsonDocument.Parse(await File.ReadAllTextAsync(directory.File(run)));
            Assert.True(figures.RootElement.GetProperty("acknowledgedCdrs").GetInt64() > 0);
            // A duplicate would be answered 253 (request already fulfilled) and counted here, its CDR not stored.
            Assert.Equal(0, figures.RootElement.GetProperty("rejected").GetInt64());
        }
    }

    [Fact]
    public async Task RawTcpToACgfThatIsNotListeningIsOneLineNamingItAndExitCode3()
    {
        var port = FreePort.Get();
        using var cdf = CdfProcess.Start("bench", "--cgf", $"127.0.0.1:{port}", "--raw", "--tcp", "--duration", "1", "--warm-up", "0");

        Assert.Equal(3, await cdf.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        var line = Assert.Single(cdf.StandardErrorLines);
        Assert.StartsWith($"cdf bench: --raw --tcp: the CGF at 127.0.0.1:{port}: ", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", cdf.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BenchWantsEitherCgfOrStartServer()
    {
        using var directory = new TempDirectory();
        using var cdf = CdfProcess.Start("bench", "--state", directory.File("cdf.db"), "--duration", "1");
        Assert.Equal(2, await cdf.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains("give --cgf or --start-server", cdf.Output);
    }

    [Fact]
    public async Task BenchWithNothingAcknowledgedWritesNullInsteadOfNaNAndExitsOne()
    {
        using var directory = new TempDirectory();
        var json = directory.File("bench.json");
        // Nothing listens on the port: no request is ever acknowledged.
        using var cdf = CdfProcess.Start("bench", "--cgf", $"127.0.0.1:{FreePort.Get()}", "--state", directory.File("cdf.db"),
            "--duration", "1", "--warm-up", "0", "--json", json);
        Assert.Equal(1, await cdf.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains("cdf bench: no CDR acknowledged in the measured window", cdf.StandardErrorLines[^1], StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", cdf.Output, StringComparison.Ordinal);

        var text = await File.ReadAllTextAsync(json);
        Assert.DoesNotContain("NaN", text, StringComparison.Ordinal);
        using var figures = JsonDocument.Parse(text);
        var root = figures.RootElement;
        Assert.Equal(0, root.GetProperty("acknowledgedCdrs").GetInt64());
        Assert.Equal(0, root.GetProperty("cdrsPerSecond").GetDouble());
        foreach (var figure in new[] { "p50Ms", "p95Ms", "p99Ms", "clientCpuMicrosecondsPerCdr" })
            Assert.Equal(JsonValueKind.Null, root.GetProperty(figure).ValueKind);
    }
}
