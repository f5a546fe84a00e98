using Cgf.Server.Diagnostics;
using Cgf.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using System.Diagnostics;
using System.Net;

namespace Cgf.Server.Tests;

/// <summary>
/// What an abusive or broken peer cannot take from a real CGF on loopback (docs/cgf-design.md, "Limits"): the
/// denied-source table stays bounded, its warning is written once per interval per source, and a TCP peer cannot hold
/// connections, buffers or queued responses past Cgf:Limits.
/// </summary>
public sealed class LimitsTests
{
    /// <summary>
    /// Cgf:Peers stays a prefix (127.0.0.0/8, TestCgf's): a single address would be announced to at start-up, and those
    /// Node Alive and Echo Requests would reach the test's TCP connection among the responses it reads.
    /// </summary>
    private static Dictionary<string, string?> Limits(params (string Key, string Value)[] limits)
    {
        var settings = new Dictionary<string, string?>();
        foreach (var (key, value) in limits)
            settings[$"Cgf:Limits:{key}"] = value;
        return settings;
    }

    [Fact]
    public async Task ManySpoofedUdpSourcesKeepTheDeniedSourceTableAtItsCapacity()
    {
        var settings = Limits(("TrackedSources", "100"));
        settings["Cgf:Peers:0"] = "127.0.0.0/31";
        await using var cgf = await TestCgf.StartAsync(settings);
        var log = cgf.Services.GetRequiredService<RateLimitedLog>();

        // 1000 sources outside Cgf:Peers, each a different address of 127.0.0.0/8.
        for (var i = 0; i < 1000; i++)
        {
            using var source = new UdpPeer(new IPAddress([127, 1, (byte)(i >> 8), (byte)i]));
            source.Send(Gtpp.EchoRequest(1), cgf.Endpoint);
        }

        await Poll.UntilAsync(() => log.DeniedSources.Evicted == 900);
        Assert.Equal(100, log.DeniedSources.Count);
        using var peer = new UdpPeer();
        Assert.Equal(2, (await peer.RequestAsync(Gtpp.EchoRequest(7), cgf.Endpoint)).Type); // the allowed peer is still served
    }

    [Fact]
    public async Task ADeniedSourceIsLoggedOncePerIntervalAndTheNextLineCountsWhatWasSuppressed()
    {
        var logs = new LogCapture();
        var settings = Limits(("LogInterval", "00:00:02"));
        settings["Cgf:Peers:0"] = "127.0.0.0/31";
        await using var cgf = await TestCgf.StartAsync(settings, logs: logs);
        var log = cgf.Services.GetRequiredService<RateLimitedLog>();
        using var denied = new UdpPeer(IPAddress.Parse("127.2.0.1"));

        for (var i = 0; i < 50; i++)
            denied.Send(Gtpp.EchoRequest((ushort)i), cgf.Endpoint);
        await Poll.UntilAsync(() => log.DeniedSources.Suppressed == 49);
        var first = Assert.Single(logs.WithEventId(3));
        Assert.Equal("Dropped GTP' from 127.2.0.1: not in Cgf:Peers (1 dropped from it so far, 0 not logged since the last line)", first.Message);

        await Task.Delay(TimeSpan.FromSeconds(2.2));
        denied.Send(Gtpp.EchoRequest(51), cgf.Endpoint);

        await Poll.UntilAsync(() => logs.WithEventId(3).Count == 2);
        Assert.Equal("Dropped GTP' from 127.2.0.1: not in Cgf:Peers (51 dropped from it so far, 49 not logged since the last line)",
            logs.WithEventId(3)[1].Message);
        Assert.Null(await denied.ReceiveAsync(TimeSpan.FromMilliseconds(200)));
    }

    [Fact]
    public async Task NodeAliveFromAnAllowedPeerIsAnsweredEveryTimeButLoggedOncePerInterval()
    {
        var logs = new LogCapture();
        await using var cgf = await TestCgf.StartAsync(Limits(("LogInterval", "00:00:02")), logs: logs);
        using var cdf = new UdpPeer();

        for (ushort i = 1; i <= 5; i++)
            Assert.Equal(5, (await cdf.RequestAsync(Gtpp.NodeAliveRequest(i), cgf.Endpoint)).Type);
        Assert.Equal("Node Alive Request from 127.0.0.1 (node 10.0.0.9; 0 more not logged since the last line)", Assert.Single(logs.WithEventId(9)).Message);

        await Task.Delay(TimeSpan.FromSeconds(2.2));
        Assert.Equal(5, (await cdf.RequestAsync(Gtpp.NodeAliveRequest(6), cgf.Endpoint)).Type);

        Assert.Equal(2, logs.WithEventId(9).Count);
        Assert.Equal("Node Alive Request from 127.0.0.1 (node 10.0.0.9; 4 more not logged since the last line)", logs.WithEventId(9)[1].Message);
    }

    [Fact]
    public async Task ARefusedRecordFormatIsAnsweredEveryTimeButLoggedOncePerIntervalPerPeer()
    {
        var logs = new LogCapture();
        await using var cgf = await TestCgf.StartAsync(Limits(("LogInterval", "00:01:00")), logs: logs);
        using var cdf = new UdpPeer();

        for (ushort i = 1; i <= 3; i++)
        {
            var packet = Gtpp.DataRecordPacket(Gtpp.Record(i));
            packet[4] = 9; // Data Record Format 9: no TS 32.297 CDR header code (docs/gtp-prime.md §3.1)
            Assert.Equal(241, (await cdf.RequestAsync(Gtpp.Transfer(i, 1, packet), cgf.Endpoint)).Type);
        }

        Assert.Equal("Refused a Data Record Transfer Request from 127.0.0.1: Data Record Format 9 has no TS 32.297 CDR header code; " +
            "answered cause 201 (docs/gtp-prime.md §3.1; 0 more not logged since the last line)", Assert.Single(logs.WithEventId(130)).Message);
    }

    [Fact]
    public async Task AnIdleTcpConnectionIsClosedAfterTheIdleTimeoutWhileABusyOneStaysOpen()
    {
        // 2 s, not less: the test shares its process and thread pool with the CGF on a busy machine.
        await using var cgf = await TestCgf.StartAsync(Limits(("TcpIdleTimeout", "00:00:02"), ("TcpIncompleteFrameTimeout", "00:00:01")));
        var counters = cgf.Services.GetRequiredService<TcpLimitCounters>();
        await using var idle = await TcpPeer.ConnectAsync(cgf.Endpoint);
        await using var busy = await TcpPeer.ConnectAsync(cgf.Endpoint);
        var clock = Stopwatch.StartNew();

        for (ushort i = 1; clock.Elapsed < TimeSpan.FromSeconds(3); i++)
        {
            Assert.Equal(2, (await busy.RequestAsync(Gtpp.EchoRequest(i))).Type);
            await Task.Delay(200);
        }

        Assert.True(await idle.ClosedByServerAsync(TimeSpan.FromSeconds(5)), "the idle connection is still open");
        Assert.Equal(2, (await busy.RequestAsync(Gtpp.EchoRequest(999))).Type);
        await Poll.UntilAsync(() => counters.ClosedIdle == 1, 5);
        Assert.Equal(1, counters.Open);
    }

    [Fact]
    public async Task APartialMessageTrickledOctetByOctetIsClosedAfterTheIncompleteFrameTimeout()
    {
        var logs = new LogCapture();
        await using var cgf = await TestCgf.StartAsync(Limits(("TcpIdleTimeout", "00:00:30"), ("TcpIncompleteFrameTimeout", "00:00:01")), logs: logs);
        var counters = cgf.Services.GetRequiredService<TcpLimitCounters>();
        await using var cdf = await TcpPeer.ConnectAsync(cgf.Endpoint);
        var message = Gtpp.Send(1, Gtpp.Record(1));
        var clock = Stopwatch.StartNew();

        // One octet every 200 ms keeps the connection busy, but the message never completes within the timeout.
        try
        {
            for (var i = 0; i < message.Length - 1 && clock.Elapsed < TimeSpan.FromSeconds(5); i++)
            {
                await cdf.WriteAsync([message[i]]);
                await Task.Delay(200);
            }
        }
        catch (IOException)
        {
            // closed under our feet: what the test expects
        }

        Assert.True(await cdf.ClosedByServerAsync(TimeSpan.FromSeconds(5)), "the connection holding a partial message is still open");
        await Poll.UntilAsync(() => counters.ClosedIncompleteFrame == 1, 5);
        Assert.Equal(0, counters.ClosedIdle);
        await Poll.UntilAsync(() => logs.WithEventId(261).Count == 1, 5);
        Assert.Contains("incomplete message held for 00:00:01 (Cgf:Limits:TcpIncompleteFrameTimeout)", logs.WithEventId(261)[0].Message);
        Assert.Equal(0, cgf.Status().CommittedCdrs);
    }

    [Fact]
    public async Task AHeaderAnnouncingMoreThanTheBufferCapClosesTheConnectionAtOnce()
    {
        await using var cgf = await TestCgf.StartAsync(Limits(("TcpBufferedOctets", "1000")));
        var counters = cgf.Services.GetRequiredService<TcpLimitCounters>();
        await using var big = await TcpPeer.ConnectAsync(cgf.Endpoint);

        // A v2 header (6 octets) announcing 1000 octets after it: 1006 in all, past the cap; the body never follows.
        await big.WriteAsync(Convert.FromHexString("4ef003e80001"));

        Assert.True(await big.ClosedByServerAsync(TimeSpan.FromSeconds(3)), "the connection announcing 1006 octets is still open");
        await Poll.UntilAsync(() => counters.ClosedFrameTooLarge == 1, 5);
        await using var small = await TcpPeer.ConnectAsync(cgf.Endpoint);
        Assert.Equal(128, (await small.RequestAsync(Gtpp.Send(1, Gtpp.Record(1)))).Cause); // under the cap: served
    }

    [Fact]
    public async Task ConnectionsPastThePerPeerAndTotalCapsAreClosedAtOnceAndCounted()
    {
        await using var cgf = await TestCgf.StartAsync(Limits(("TcpConnectionsPerPeer", "2"), ("TcpConnections", "3")));
        var counters = cgf.Services.GetRequiredService<TcpLimitCounters>();
        var a = IPAddress.Parse("127.0.0.1");
        await using var first = await TcpPeer.ConnectAsync(cgf.Endpoint, a);
        await using var second = await TcpPeer.ConnectAsync(cgf.Endpoint, a);
        Assert.Equal(2, (await first.RequestAsync(Gtpp.EchoRequest(1))).Type);
        Assert.Equal(2, (await second.RequestAsync(Gtpp.EchoRequest(1))).Type);

        await using var thirdFromA = await TcpPeer.ConnectAsync(cgf.Endpoint, a);
        Assert.True(await thirdFromA.ClosedByServerAsync(TimeSpan.FromSeconds(3)), "a third connection from 127.0.0.1 was kept");
        await using var fromB = await TcpPeer.ConnectAsync(cgf.Endpoint, IPAddress.Parse("127.0.0.2"));
        Assert.Equal(2, (await fromB.RequestAsync(Gtpp.EchoRequest(1))).Type);
        await using var fromC = await TcpPeer.ConnectAsync(cgf.Endpoint, IPAddress.Parse("127.0.0.3"));
        Assert.True(await fromC.ClosedByServerAsync(TimeSpan.FromSeconds(3)), "a fourth connection in all was kept");

        await Poll.UntilAsync(() => counters.RefusedTotal == 1, 5);
        Assert.Equal((1, 1, 3), (counters.RefusedPerPeer, counters.RefusedTotal, counters.Open));
    }

    [Fact]
    public async Task APeerThatDoesNotReadHasItsResponsesDroppedCountedLoggedAndItsConnectionClosed()
    {
        var logs = new LogCapture();
        await using var cgf = await TestCgf.StartAsync(Limits(("TcpQueuedResponseOctets", "4096")), logs: logs);
        var counters = cgf.Services.GetRequiredService<TcpLimitCounters>();
        await using var deaf = await TcpPeer.ConnectAsync(cgf.Endpoint, receiveBuffer: 4096);

        // 200,000 Echo Requests (6 octets each) and never a read: 1.6 MB of 8-octet Echo Responses have nowhere to go.
        var burst = Enumerable.Range(0, 1000).SelectMany(i => Gtpp.EchoRequest((ushort)i)).ToArray();
        try
        {
            for (var i = 0; i < 200 && counters.ClosedResponsesDropped == 0; i++)
                await deaf.WriteAsync(burst);
        }
        catch (IOException)
        {
            // the CGF closed the connection while we were still writing
        }

        await Poll.UntilAsync(() => counters.ClosedResponsesDropped == 1, 15);
        Assert.True(counters.ResponsesDropped >= 1);
        await Poll.UntilAsync(() => logs.WithEventId(262).Count == 1, 5);
        Assert.Equal("Peer 127.0.0.1 does not read its TCP responses: a response was dropped (0 more not logged since the last line)", logs.WithEventId(262)[0].Message);
        await using var next = await TcpPeer.ConnectAsync(cgf.Endpoint);
        Assert.Equal(2, (await next.RequestAsync(Gtpp.EchoRequest(1))).Type);
    }
}
