using Cdf.Client.Delivery;
using Cdf.Client.Tests.Infrastructure;

namespace Cdf.Client.Tests.Delivery;

/// <summary>
/// Failover to the next CGF as Send possibly duplicated, then the test packets with the old numbers when
/// the first CGF is back: 128 → Release at the second CGF, 252/253 → Cancel (docs/gtp-prime.md §5.6).
/// </summary>
public sealed class FailoverTests
{
    [Fact]
    public async Task CdrsTheFirstCgfNeverGotAreReleasedAtTheSecondOnceNodeAliveBringsTheFirstBack()
    {
        using var directory = new TempDirectory();
        int port1 = FreePort.Get(), port2 = FreePort.Get();
        var options = CdfSetup.Options(directory.File("cdf.db"), port1, port2);
        options.T3 = TimeSpan.FromMilliseconds(300);
        options.EchoInterval = TimeSpan.FromMinutes(10); // only Node Alive can bring CGF1 back
        using var cgf2 = await CgfProcess.StartAsync(port2, directory.File("cgf2.db"), options.Cgfs[1].LocalPort);
        await using var client = new CdfClient(options);
        client.Start();
        // CGF1 is not running: N3 × T3 unanswered → down → possibly-duplicated copies at CGF2, held pending.
        await client.EnqueueAsync(CdfSetup.Records(1, 100));
        await Poll.UntilAsync(() => client.Statistics.HeldRequests == 10);
        Assert.Equal(CgfPathState.Down, client.Paths[0].State);
        Assert.Equal(100, CgfDatabaseReader.Read(cgf2.DatabasePath).Count(c => c.Status == 0));

        // CGF1 starts and announces itself with Node Alive to this path's local port (its Cgf:PeerPort).
        using var cgf1 = await CgfProcess.StartAsync(port1, directory.File("cgf1.db"), options.Cgfs[0].LocalPort);
        await client.DrainAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(CgfPathState.Up, client.Paths[0].State);
        Assert.Equal(10, client.Statistics.ReleasedPackets);
        Assert.Equal(0, client.Statistics.CancelledPackets);
        var atCgf2 = CgfDatabaseReader.Read(cgf2.DatabasePath);
        Assert.All(atCgf2, c => Assert.Equal(1, c.Status));
        Assert.Equal(Enumerable.Range(1, 100).Select(i => (uint)i), atCgf2.Select(c => c.LocalSequenceNumber).Order());
        Assert.Empty(CgfDatabaseReader.Read(cgf1.DatabasePath));
        Assert.True(client.ReadOutboxStatus().IsDrained);

        // Traffic returns to the highest-priority CGF that is up.
        await client.EnqueueAsync(CdfSetup.Records(101, 10));
        await client.DrainAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(10, CgfDatabaseReader.Read(cgf1.DatabasePath).Count(c => c.Status == 1));
    }

    [Fact]
    public async Task CdrsTheFirstCgfHadCommittedAreCancelledAtTheSecondOnceEchoBringsTheFirstBack()
    {
        using var directory = new TempDirectory();
        int port1 = FreePort.Get(), port2 = FreePort.Get();
        using var cgf1 = await CgfProcess.StartAsync(port1, directory.File("cgf1.db"));
        using var relay = new LossyUdpRelay(port1);
        var options = CdfSetup.Options(directory.File("cdf.db"), relay.Port, port2);
        options.T3 = TimeSpan.FromMilliseconds(300);
        options.EchoInterval = TimeSpan.FromSeconds(1);
        using var cgf2 = await CgfProcess.StartAsync(port2, directory.File("cgf2.db"), options.Cgfs[1].LocalPort);
        await using var client = new CdfClient(options);
        client.Start();

        // CGF1 commits, but its answers are lost: the CDF cannot know, fails over, and CGF2 holds copies.
        relay.DropResponses = true;
        await client.EnqueueAsync(CdfSetup.Records(1, 50));
        await Poll.UntilAsync(() => client.Statistics.HeldRequests == 5);
        Assert.Equal(50, CgfDatabaseReader.Read(cgf1.DatabasePath).Count(c => c.Status == 1));

        // Answers get through again: Echo brings CGF1 back, the test packets get 252, CGF2 cancels.
        relay.DropResponses = false;
        await client.DrainAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(5, client.Statistics.CancelledPackets);
        Assert.Equal(0, client.Statistics.ReleasedPackets);
        Assert.Empty(CgfDatabaseReader.Read(cgf2.DatabasePath));
        var atCgf1 = CgfDatabaseReader.Read(cgf1.DatabasePath);
        Assert.Equal(Enumerable.Range(1, 50).Select(i => (uint)i), atCgf1.Select(c => c.LocalSequenceNumber).Order());
    }

    [Fact]
    public async Task ARedirectionRequestMovesTrafficToTheNextCgf()
    {
        using var directory = new TempDirectory();
        int port1 = FreePort.Get(), port2 = FreePort.Get();
        var options = CdfSetup.Options(directory.File("cdf.db"), port1, port2);
        options.EchoInterval = TimeSpan.FromMinutes(10); // Echo must not undo the redirection
        var cgf1 = await CgfProcess.StartAsync(port1, directory.File("cgf1.db"), options.Cgfs[0].LocalPort);
        using var cgf2 = await CgfProcess.StartAsync(port2, directory.File("cgf2.db"), options.Cgfs[1].LocalPort);
        await using var client = new CdfClient(options);
        client.Start();
        await client.EnqueueAsync(CdfSetup.Records(1, 20));
        await client.DrainAsync(TimeSpan.FromSeconds(30));

        // A graceful stop sends Redirection Request cause 63 to its active peers and waits for the answer.
        await cgf1.TerminateAsync();
        Assert.Contains("Redirect", cgf1.Output, StringComparison.OrdinalIgnoreCase);
        await Poll.UntilAsync(() => client.Paths[0].State != CgfPathState.Up);
        Assert.Equal(CgfPathState.Redirected, client.Paths[0].State);

        await client.EnqueueAsync(CdfSetup.Records(21, 20));
        await client.DrainAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0, client.Statistics.Failovers);
        Assert.Equal(Enumerable.Range(21, 20).Select(i => (uint)i),
            CgfDatabaseReader.Read(cgf2.DatabasePath).Where(c => c.Status == 1).Select(c => c.LocalSequenceNumber).Order());
        cgf1.Dispose();
    }

    [Fact]
    public async Task ARedirectionRequestMovesTrafficToTheRecommendedNodeWhenItIsAllowed()
    {
        using var directory = new TempDirectory();
        // Three CGFs on three loopback addresses, so the recommended node is told apart by address.
        int port1 = FreePort.Get(), port2 = FreePort.Get(), port3 = FreePort.Get();
        var options = CdfSetup.Options(directory.File("cdf.db"), port1, port2, port3);
        options.Cgfs[1].Host = "127.0.0.2";
        options.Cgfs[2].Host = "127.0.0.3";
        options.AllowedRecommendedNodes = ["127.0.0.3"];
        options.EchoInterval = TimeSpan.FromMinutes(10);
        var cgf1 = await CgfProcess.StartAsync(port1, directory.File("cgf1.db"), options.Cgfs[0].LocalPort, "--Cgf:RecommendedNode=127.0.0.3");
        using var cgf2 = await CgfProcess.StartAsync(port2, directory.File("cgf2.db"), options.Cgfs[1].LocalPort, "--Cgf:Listen:Address=127.0.0.2");
        using var cgf3 = await CgfProcess.StartAsync(port3, directory.File("cgf3.db"), options.Cgfs[2].LocalPort, "--Cgf:Listen:Address=127.0.0.3");
        await using var client = new CdfClient(options);
        client.Start();
        await client.EnqueueAsync(CdfSetup.Records(1, 20));
        await client.DrainAsync(TimeSpan.FromSeconds(30));

        await cgf1.TerminateAsync();
        await Poll.UntilAsync(() => client.Paths[0].State != CgfPathState.Up);
        await client.EnqueueAsync(CdfSetup.Records(21, 20));
        await client.DrainAsync(TimeSpan.FromSeconds(30));

        Assert.Empty(CgfDatabaseReader.Read(cgf2.DatabasePath));
        Assert.Equal(Enumerable.Range(21, 20).Select(i => (uint)i),
            CgfDatabaseReader.Read(cgf3.DatabasePath).Where(c => c.Status == 1).Select(c => c.LocalSequenceNumber).Order());
        cgf1.Dispose();
    }
}
