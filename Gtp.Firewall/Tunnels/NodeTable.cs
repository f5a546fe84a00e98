using Gtp.Firewall.Packets;

namespace Gtp.Firewall.Tunnels;

/// <summary>
/// Interns GSN/SGW/PGW addresses as small integers so each tunnel stores four 4-octet node ids instead of four
/// 16-octet addresses, and keeps each node's last Recovery (restart counter) value and the number of contexts it
/// holds (for <c>limit tunnel</c>, docs/gtp-firewall.md). Id 0 is "no node".
/// </summary>
public sealed class NodeTable
{
    private readonly Dictionary<IpAddress128, int> _ids = new();
    private IpAddress128[] _addresses = new IpAddress128[64];
    private short[] _recovery = new short[64];
    private int[] _tunnels = new int[64];
    private int _count = 1;

    public NodeTable(int maxNodes = 1 << 20)
    {
        MaxNodes = maxNodes;
        _recovery[0] = -1;
    }

    public int MaxNodes { get; }
    public int Count => _count - 1;

    public IpAddress128 this[int id] => _addresses[id];

    public int Find(IpAddress128 address) => address.IsNone ? 0 : _ids.GetValueOrDefault(address);

    /// <summary>The node's id, adding it if new; 0 for <see cref="IpAddress128.None"/> or when the table is full.</summary>
    public int GetOrAdd(IpAddress128 address)
    {
        if (address.IsNone)
        {
            return 0;
        }
        if (_ids.TryGetValue(address, out var id))
        {
            return id;
        }
        if (_count > MaxNodes)
        {
            return 0;
        }
        if (_count == _addresses.Length)
        {
            Array.Resize(ref _addresses, _count * 2);
            Array.Resize(ref _recovery, _count * 2);
            Array.Resize(ref _tunnels, _count * 2);
        }
        id = _count++;
        _addresses[id] = address;
        _recovery[id] = -1;
        _ids.Add(address, id);
        return id;
    }

    /// <summary>Records a Recovery value; true when it differs from the last one seen (the peer restarted).</summary>
    public bool UpdateRecovery(int id, byte recovery)
    {
        if (id == 0)
        {
            return false;
        }
        var previous = _recovery[id];
        _recovery[id] = recovery;
        return previous >= 0 && previous != recovery;
    }

    /// <summary>The contexts (not forwarding tunnels) whose serving or anchor control node is <paramref name="id"/>.</summary>
    public int Tunnels(int id) => id <= 0 || id >= _count ? 0 : _tunnels[id];

    /// <summary>Kept by <see cref="TunnelTable"/> wherever a context enters or leaves a slot or changes its nodes.</summary>
    internal void CountTunnel(int id, int delta)
    {
        if (id > 0 && id < _count)
        {
            _tunnels[id] += delta;
        }
    }
}
