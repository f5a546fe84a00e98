using Cgf.Server.Tests.Infrastructure;
using System.Text.Json;

namespace Cgf.Server.Tests;

/// <summary><c>Cgf.Server status --json</c> as an operator runs it, against a database the server is still using.</summary>
public sealed class StatusCommandTests
{
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
