using Cgf.Server.Protocol;
using Cgf.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using System.Diagnostics;

namespace Cgf.Server.Tests;

/// <summary>Start-up: a bad setting stops start-up with one clear line; configured peers are told the CGF is alive.</summary>
public sealed class StartupTests
{
    [Theory]
    [InlineData("--Cgf:Listen:Port=70000", "Cgf:Listen:Port")]
    [InlineData("--Cgf:Peers:0=not-an-address", "Cgf:Peers:0")]
    [InlineData("--Cgf:RecommendedNode=cgf-b", "Cgf:RecommendedNode")]
    [InlineData("--Cgf:Listen:Port=abc", "Cgf:Listen:Port")]
    [InlineData("--Cgf:PossiblyDuplicateHoldTime=-00:01:00", "Cgf:PossiblyDuplicateHoldTime")]
    public async Task ABadSettingStopsStartUpWithOneLineNamingIt(string setting, string key)
    {
        var directory = TempDirectory.Create();
        using var process = CgfProcess.Launch([$"--Cgf:Storage:Path={Path.Combine(directory, "cgf.db")}", setting], directory);
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.Equal(2, process.ExitCode);
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.Contains(key, lines[0]);
        Assert.DoesNotContain("   at ", stderr);
    }

    [Fact]
    public async Task APortInUseStopsStartUpWithOneLine()
    {
        var directory = TempDirectory.Create();
        using var busy = new UdpPeer();
        using var process = CgfProcess.Launch(
            ["--Cgf:Listen:Address=127.0.0.1", $"--Cgf:Listen:Port={busy.LocalEndPoint.Port}", $"--Cgf:Storage:Path={Path.Combine(directory, "cgf.db")}"], directory);
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.Equal(3, process.ExitCode);
        Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("listen", stderr);
    }

    [Fact]
    public async Task NodeAliveAndEchoAreSentToEachSingleAddressPeerAndRetransmittedPerT3N3()
    {
        using var peer = new UdpPeer();
        await using var cgf = await TestCgf.StartAsync(new Dictionary<string, string?>
        {
            ["Cgf:Peers:0"] = "127.0.0.1",
            ["Cgf:Peers:1"] = "10.0.0.0/8", // a prefix: never announced to
            ["Cgf:PeerPort"] = peer.LocalEndPoint.Port.ToString(),
            ["Cgf:T3"] = "00:00:00.300",
            ["Cgf:N3"] = "3",
        });

        var received = new List<Gtpp.Parsed>();
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(3) && await peer.ReceiveFromAsync(TimeSpan.FromSeconds(1.5)) is { } datagram)
        {
            var message = Gtpp.Parse(datagram.Message);
            received.Add(message);
            Assert.Equal(cgf.Port, datagram.From.Port); // from the GTP' port, so answers reach the CGF
            if (message.Type == 4)
                peer.Send(Gtpp.Message(5, message.Sequence, []), datagram.From); // answer Node Alive, not Echo
        }

        var nodeAlive = Assert.Single(received, m => m.Type == 4);
        Assert.Equal(251, nodeAlive.Addresses[0].Type);
        Assert.Equal(new byte[] { 127, 0, 0, 1 }, nodeAlive.Addresses[0].Address);
        var echoes = received.Where(m => m.Type == 1).ToList();
        Assert.Equal(3, echoes.Count); // N3 transmissions of the unanswered Echo
        Assert.Single(echoes.Select(e => e.Sequence).Distinct());
    }

    [Fact]
    public async Task TheCgfDoesNotAnnounceItselfWhenItsOwnLoopbackEndpointIsAPeer()
    {
        await using var cgf = await TestCgf.StartAsync(new Dictionary<string, string?> { ["Cgf:Peers:0"] = "127.0.0.1" },
            listenAddress: "127.0.0.1", peerPortIsListenPort: true);

        await Task.Delay(1000);
        // Had it announced itself, its own Node Alive/Echo would have made it a peer it heard from.
        Assert.Empty(cgf.Services.GetRequiredService<PeerRegistry>().SeenWithin(TimeSpan.FromHours(1)));
    }
}
