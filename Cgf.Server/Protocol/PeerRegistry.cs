using System.Collections.Concurrent;
using System.Net;

namespace Cgf.Server.Protocol;

/// <summary>Peers this CGF has heard from in this run: when, and how to reach them (their UDP source address, their TCP connection).</summary>
public sealed class PeerRegistry
{
    private readonly ConcurrentDictionary<string, PeerEntry> _peers = new(StringComparer.Ordinal);

    public sealed class PeerEntry(IPAddress address)
    {
        public IPAddress Address { get; } = address;
        public long LastSeenMs;
        public volatile IReplyChannel? LastUdpChannel;
        public volatile IReplyChannel? TcpConnection;
    }

    public PeerEntry Touch(string key, IPAddress address)
    {
        var entry = _peers.GetOrAdd(key, static (_, a) => new PeerEntry(a), address);
        Volatile.Write(ref entry.LastSeenMs, Environment.TickCount64);
        return entry;
    }

    public void SetTcp(string key, IPAddress address, IReplyChannel? connection) => Touch(key, address).TcpConnection = connection;

    public void ClearTcp(string key, IReplyChannel connection)
    {
        if (_peers.TryGetValue(key, out var entry) && ReferenceEquals(entry.TcpConnection, connection))
            entry.TcpConnection = null;
    }

    public bool TryGet(string key, out PeerEntry entry) => _peers.TryGetValue(key, out entry!);

    /// <summary>Peers heard from within <paramref name="window"/> in this run.</summary>
    public IEnumerable<PeerEntry> SeenWithin(TimeSpan window)
    {
        var since = Environment.TickCount64 - (long)window.TotalMilliseconds;
        return _peers.Values.Where(p => Volatile.Read(ref p.LastSeenMs) >= since);
    }
}
