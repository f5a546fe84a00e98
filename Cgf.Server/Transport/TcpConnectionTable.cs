namespace Cgf.Server.Transport;

/// <summary>
/// Open TCP connections by peer address, against Cgf:Limits:TcpConnectionsPerPeer and Cgf:Limits:TcpConnections.
/// Thread-safe; taken once per accepted and once per closed connection, never per message.
/// </summary>
public sealed class TcpConnectionTable(int perPeer, int total)
{
    private readonly object _gate = new();
    private readonly Dictionary<string, int> _byPeer = new(StringComparer.Ordinal);
    private int _open;

    public int Open
    {
        get
        {
            lock (_gate)
                return _open;
        }
    }

    /// <summary>Counts the connection in when admitted; the caller then owes one <see cref="Release"/>.</summary>
    public TcpAdmission TryAdmit(string peer)
    {
        lock (_gate)
        {
            if (_open >= total)
                return TcpAdmission.TotalLimit;
            _byPeer.TryGetValue(peer, out var count);
            if (count >= perPeer)
                return TcpAdmission.PeerLimit;
            _byPeer[peer] = count + 1;
            _open++;
            return TcpAdmission.Admitted;
        }
    }

    public void Release(string peer)
    {
        lock (_gate)
        {
            if (!_byPeer.TryGetValue(peer, out var count))
                return;
            if (count <= 1)
                _byPeer.Remove(peer);
            else
                _byPeer[peer] = count - 1;
            _open--;
        }
    }
}
