using Cgf.Server.Configuration;
using Cgf.Server.Diagnostics;
using Cgf.Server.Monitoring;
using Cgf.Server.Protocol;
using Cgf.Server.Reload;
using Cgf.Server.Transport;
using Charging.GtpPrime;
using Charging.GtpPrime.Messages;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Operations.Alarms;
using System.Net;
using System.Net.Sockets;

namespace Cgf.Server.Hosting;

/// <summary>
/// At start-up, tells each configured single-address peer that this CGF can take traffic: Node Alive
/// Request and Echo Request, retransmitted per T3/N3 (docs/gtp-prime.md §5.4, §5.7). Then watches
/// the overload state: Redirection cause 61 when it starts, Node Alive when it ends; and free disk: Node Alive when it
/// is above Cgf:Storage:MinFreeDisk again (docs/gtp-prime.md §5.4: the node can take traffic again).
/// </summary>
public sealed class PeerAnnouncer(
    IOptions<CgfOptions> options,
    LiveCgfOptions live,
    UdpEndpoint udp,
    PeerRequester requester,
    OverloadMonitor overload,
    FreeDiskMonitor freeDisk,
    CgfMonitor monitor,
    ActivePeers activePeers,
    CgfState state,
    AlarmRegistry alarms,
    ILogger<PeerAnnouncer> logger) : BackgroundService
{
    private static readonly TimeSpan OverloadPoll = TimeSpan.FromMilliseconds(100);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var announcements = new List<Task>();
        foreach (var text in options.Value.Peers)
        {
            if (!PeerNetwork.TryParse(text, out var network) || !PeerNetwork.IsSingleAddress(network))
                continue;
            var endpoint = new IPEndPoint(network.BaseAddress, options.Value.PeerPort);
            if (IsThisNode(endpoint))
                continue; // e.g. the shipped loopback entry ::1 with the default ports: that is us
            if (udp.CreateChannel(endpoint) is not { } channel)
                continue; // StarOS and most CDFs take Node Alive over UDP only.
            var peer = network.BaseAddress.ToString();
            var nodeAddress = LocalAddressToward(endpoint);
            announcements.Add(requester.RequestAsync(peer, channel, new NodeAliveRequest(nodeAddress), stoppingToken));
            announcements.Add(requester.RequestAsync(peer, channel, new EchoRequest(), stoppingToken));
        }

        var overloadWatch = WatchOverloadAsync(stoppingToken);
        await Task.WhenAll(announcements).ConfigureAwait(false);
        await overloadWatch.ConfigureAwait(false);
    }

    private async Task WatchOverloadAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(OverloadPoll);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                if (!state.IsStorageOpen)
                    continue;
                var depth = state.Writer.QueueDepth;
                if (overload.TakeEntered())
                {
                    var peers = activePeers.Within(options.Value.ActivePeerWindow);
                    Log.OverloadEntered(logger, depth, options.Value.Overload.HighWaterMark, peers.Count);
                    alarms.Raise(CgfAlarms.Overload, "", $"{depth} requests queued (Cgf:Overload:HighWaterMark {options.Value.Overload.HighWaterMark}); answering 199");
                    foreach (var (peer, channel) in peers)
                        _ = requester.RequestAsync(peer, channel,
                            new RedirectionRequest(GtpPrimeCause.ReceiveBuffersBecomingFull, RecommendedNode()), stoppingToken);
                }
                else if (overload.TryLeave(depth))
                {
                    var peers = activePeers.Within(options.Value.ActivePeerWindow);
                    Log.OverloadLeft(logger, depth, peers.Count);
                    alarms.Clear(CgfAlarms.Overload);
                    AnnounceAlive(peers, stoppingToken);
                }
                if (freeDisk.TakeLeft())
                {
                    var peers = activePeers.Within(options.Value.ActivePeerWindow);
                    RetentionLog.FreeDiskRecovered(logger, monitor.Latest.DiskFreeBytes, freeDisk.Threshold.ToString(), peers.Count);
                    AnnounceAlive(peers, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void AnnounceAlive(IReadOnlyList<(string Peer, IReplyChannel Channel)> peers, CancellationToken stoppingToken)
    {
        foreach (var (peer, channel) in peers)
            _ = requester.RequestAsync(peer, channel, new NodeAliveRequest(LocalAddressFor(peer)), stoppingToken);
    }

    private bool IsThisNode(IPEndPoint peer)
    {
        if (peer.Port != options.Value.Listen.Port)
            return false;
        var listen = IPAddress.Parse(options.Value.Listen.Address);
        var wildcard = listen.Equals(IPAddress.Any) || listen.Equals(IPAddress.IPv6Any);
        return IPAddress.IsLoopback(peer.Address) ? wildcard || IPAddress.IsLoopback(listen) : listen.Equals(peer.Address);
    }

    private IPAddress? RecommendedNode() => live.Current.RecommendedNode;

    private IPAddress LocalAddressFor(string peer) =>
        IPAddress.TryParse(peer, out var address) ? LocalAddressToward(new IPEndPoint(address, options.Value.PeerPort)) : IPAddress.Loopback;

    /// <summary>The address this node is reached at by <paramref name="peer"/>: the configured listen address, or the route's source address.</summary>
    private IPAddress LocalAddressToward(IPEndPoint peer)
    {
        var listen = IPAddress.Parse(options.Value.Listen.Address);
        if (!listen.Equals(IPAddress.Any) && !listen.Equals(IPAddress.IPv6Any))
            return listen;
        try
        {
            using var probe = new Socket(peer.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            probe.Connect(peer);
            return ((IPEndPoint)probe.LocalEndPoint!).Address;
        }
        catch (SocketException)
        {
            return peer.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Loopback : IPAddress.Loopback;
        }
    }
}
