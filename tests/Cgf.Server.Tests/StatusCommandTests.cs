using Cgf.Server.Tests.Infrastructure;
using System.Text.Json;

namespace Cgf.Server.Tests;

/// <summary><c>Cgf.Server status --json</c> as an operator runs it, against a database the server is still using.</summary>
public sealed class StatusCommandTests
{
    [Fact]
    public async Task StatusJsonReportsWhatRetentionRemovedAndTheOldestCdrKept()
    {
        var directory = TempDirectory.Create();
        await using var cgf = await TestCgf.StartAsync(new Dictionary<string, string?>
        {
            ["Cgf:Retention:Cdrs"] = "00:00:01",
            // The writer's maintenance interval (a tenth of this) paces an idle writer's retention look.
            ["Cgf:PossiblyDuplicateHoldTime"] = "00:00:05",
            ["Cgf:Export:Directory"] = Path.Combine(directory, "out"),
            ["Cgf:Export:MaxAge"] = "00:00:00.200",
            ["Cgf:Export:PollInterval"] = "00:00:00.100",
        }, Path.Combine(directory, "cgf.db"));
        using var cdf = new UdpPeer();
        for (ushort seq = 1; seq <= 3; seq++)
            Assert.Equal(128, (await cdf.RequestAsync(Gtpp.Send(seq, Gtpp.Record(seq)), cgf.Endpoint)).Cause);

        // CDRs 1 and 2 go once exported and a second old; 3, the highest, stays.
        await Poll.UntilAsync(() => cgf.Status().Retention?.CdrsRemoved == 2, 20);
        using var process = CgfProcess.Launch(["status", "--json", $"--Cgf:Storage:Path={cgf.DatabasePath}"], cgf.Directory);
        var stdout = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.Equal(0, process.ExitCode);
        using var json = JsonDocument.Parse(stdout);
        var retention = json.RootElement.GetProperty("retention");
        Assert.Equal(2, retention.GetProperty("cdrsRemoved").GetInt64());
        Assert.Equal(0, retention.GetProperty("quarantineRemoved").GetInt64());
        var oldest = retention.GetProperty("oldestCdrReceivedAt").GetDateTimeOffset();
        Assert.InRange(oldest, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow);
        Assert.Equal(1, json.RootElement.GetProperty("exportedCdrs").GetInt64());
    }

    [Fact]
    public async Task StatusJsonReportsTheCountsWhileTheServerRuns()
    {
        await using var cgf = await TestCgf.StartAsync();
        using var cdf = new UdpPeer();
        await cdf.RequestAsync(Gtpp.Send(1, Gtpp.Record(1), Gtpp.Record(2)), cgf.Endpoint);
        await cdf.RequestAsync(Gtpp.Send(1, Gtpp.Record(1), Gtpp.Record(2)), cgf.Endpoint); // 253
        await cdf.RequestAsync(Gtpp.SendPossiblyDuplicated(2, Gtpp.Record(3)), cgf.Endpoint);
        await cdf.RequestAsync(Gtpp.Send(3, Gtpp.Record(4)[..^1]), cgf.Endpoint); // quarantined

        using var process = CgfProcess.Launch(["status", "--json", $"--Cgf:Storage:Path={cgf.DatabasePath}"], cgf.Directory);
        var stdout = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.Equal(0, process.ExitCode);
        using var json = JsonDocument.Parse(stdout);
        var root = json.RootElement;
        Assert.Equal(1, root.GetProperty("restartCounter").GetInt32());
        Assert.Equal(2, root.GetProperty("committedCdrs").GetInt64());
        Assert.Equal(1, root.GetProperty("pendingCdrs").GetInt64());
        Assert.Equal(0, root.GetProperty("possiblyDuplicateCdrs").GetInt64());
        Assert.Equal(1, root.GetProperty("quarantinedCdrs").GetInt64());
        var peer = Assert.Single(root.GetProperty("peers").EnumerateArray().ToList());
        Assert.Equal("127.0.0.1", peer.GetProperty("address").GetString());
        var requests = peer.GetProperty("requests");
        Assert.Equal(3, requests.GetProperty("send").GetInt64());
        Assert.Equal(1, requests.GetProperty("sendPossiblyDuplicated").GetInt64());
        Assert.Equal(1, requests.GetProperty("cause253").GetInt64());
        Assert.Equal(1, requests.GetProperty("cause177").GetInt64());
    }

    [Fact]
    public async Task StatusOfAMissingDatabaseIsOneLineNotAStackTrace()
    {
        var directory = TempDirectory.Create();
        using var process = CgfProcess.Launch(["status", "--json", $"--Cgf:Storage:Path={Path.Combine(directory, "none.db")}"], directory);
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.Equal(3, process.ExitCode);
        Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("none.db", stderr);
    }
}
