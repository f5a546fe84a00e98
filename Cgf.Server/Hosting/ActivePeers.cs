using Cgf.Server.Configuration;
using Cgf.Server.Protocol;
using Cgf.Server.Transport;
using Microsoft.Extensions.Options;
using System.Net;

namespace Cgf.Server.Hosting;

/// <summary>The peers to tell of a shutdown or overload, and the channel to reach each: its TCP connection, its last UDP address, or its address at Cgf:PeerPort.</summary>
public sealed class ActivePeers(PeerRegistry registry, CgfState state, UdpEndpoint udp, IOptions<CgfOptions> options)
{
    public IReadOnlyList<(string Peer, IReplyChannel Channel)> Within(TimeSpan window)
    {
        var result = new Dictionary<string, IReplyChannel>(StringComparer.Ordinal);
        foreach (var peer in registry.SeenWithin(window))
        {
            var channel = peer.TcpConnection ?? peer.LastUdpChannel ?? udp.CreateChannel(new IPEndPoint(peer.Address, options.Value.PeerPort));
            if (channel is not null)
                result[peer.Address.ToString()] = channel;
        }
        // Peers active before this start (from the database): reachable at their GTP' port.
        if (state.IsStorageOpen)
        {
            var since = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - (long)window.TotalMilliseconds;
            foreach (var key in state.Writer.PeersActiveSince(since))
            {
                if (result.ContainsKey(key) || !IPAddress.TryParse(key, out var address))
                    continue;
                if (udp.CreateChannel(new IPEndPoint(address, options.Value.PeerPort)) is { } channel)
                    result[key] = channel;
            }
        }
        return result.Select(p => (p.Key, p.Value)).ToList();
    }
}
