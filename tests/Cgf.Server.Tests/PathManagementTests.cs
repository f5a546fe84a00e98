using Cgf.Server.Tests.Infrastructure;
using System.Net;

namespace Cgf.Server.Tests;

/// <summary>Echo, Node Alive and Version Not Supported (docs/gtp-prime.md §1, §5.3, §5.4).</summary>
public sealed class PathManagementTests
{
    public static TheoryData<string, byte> TransportsAndForms => new()
    {
        { "udp", Gtpp.V2 }, { "udp", Gtpp.V1 }, { "udp", Gtpp.V0Short }, { "udp", Gtpp.V0Long },
        { "tcp", Gtpp.V2 }, { "tcp", Gtpp.V1 }, { "tcp", Gtpp.V0Short }, { "tcp", Gtpp.V0Long },
    };

    [Theory, MemberData(nameof(TransportsAndForms))]
    public async Task EchoIsAnsweredWithTheRestartCounterInTheRequestsVersionAndHeaderForm(string transport, byte first)
    {
        await using var cgf = await TestCgf.StartAsync();
        await using var cdf = await PeerConnection.OpenAsync(transport, cgf.Endpoint);

        var response = await cdf.RequestAsync(Gtpp.EchoRequest(0x1234, first));

        Assert.Equal(first, response.First);
        Assert.Equal(2, response.Type);
        Assert.Equal(0x1234, response.Sequence);
        Assert.Equal(1, response.Recovery); // first start of a new database
    }

    [Fact]
    public async Task SpareBitsOtherThan111AreAcceptedAndSentAs111()
    {
        await using var cgf = await TestCgf.StartAsync();
        using var cdf = new UdpPeer();

        var response = await cdf.RequestAsync(Gtpp.EchoRequest(5, 0x40), cgf.Endpoint);

        Assert.Equal(0x4E, response.First);
        Assert.Equal(2, response.Type);
    }

    [Fact]
    public async Task RestartCounterIsPersistedAndIncrementedOnEachStart()
    {
        var directory = TempDirectory.Create();
        var database = Path.Combine(directory, "cgf.db");
        var counters = new List<int?>();
        for (var start = 0; start < 3; start++)
        {
            await using var cgf = await TestCgf.StartAsync(databasePath: database);
            using var cdf = new UdpPeer();
            counters.Add((await cdf.RequestAsync(Gtpp.EchoRequest(1), cgf.Endpoint)).Recovery);
        }
        Assert.Equal(new int?[] { 1, 2, 3 }, counters);
    }

    [Theory]
    [InlineData("udp")]
    [InlineData("tcp")]
    public async Task NodeAliveRequestIsAnsweredWithNodeAliveResponse(string transport)
    {
        await using var cgf = await TestCgf.StartAsync();
        await using var cdf = await PeerConnection.OpenAsync(transport, cgf.Endpoint);

        var response = await cdf.RequestAsync(Gtpp.NodeAliveRequest(77));

        Assert.Equal(5, response.Type);
        Assert.Equal(77, response.Sequence);
    }

    [Theory]
    [InlineData(0x6E)] // version 3
    [InlineData(0xEE)] // version 7
    public async Task VersionsAbove2AreAnsweredVersionNotSupportedWithOurVersion(byte first)
    {
        await using var cgf = await TestCgf.StartAsync();
        using var cdf = new UdpPeer();

        var response = await cdf.RequestAsync(Gtpp.EchoRequest(99, first), cgf.Endpoint);

        Assert.Equal(0x4E, response.First);
        Assert.Equal(3, response.Type);
        Assert.Equal(99, response.Sequence);
    }

    [Fact]
    public async Task ServerListensOnIpv6AndIpv4WithOneDualModeSocket()
    {
        await using var cgf = await TestCgf.StartAsync(listenAddress: "::");
        await using var v6 = await PeerConnection.OpenAsync("udp", new IPEndPoint(IPAddress.IPv6Loopback, cgf.Port));
        await using var v6Tcp = await PeerConnection.OpenAsync("tcp", new IPEndPoint(IPAddress.IPv6Loopback, cgf.Port));
        await using var v4 = await PeerConnection.OpenAsync("udp", cgf.Endpoint);

        Assert.Equal(2, (await v6.RequestAsync(Gtpp.EchoRequest(1))).Type);
        Assert.Equal(128, (await v6Tcp.RequestAsync(Gtpp.Send(1, Gtpp.Record(1)))).Cause);
        Assert.Equal(2, (await v4.RequestAsync(Gtpp.EchoRequest(2))).Type);
        // ::1 and 127.0.0.1 are two peers with their own sequence spaces.
        Assert.Equal(128, (await v4.RequestAsync(Gtpp.Send(1, Gtpp.Record(1)))).Cause);
        Assert.Equal(2, cgf.Status().Peers.Count);
    }
}
