using Gtp.Firewall.Packets;

namespace Gtp.Firewall.Tunnels;

/// <summary>
/// PDN Connection Set Identifiers (TS 23.007 §16, TS 29.274 §8.62 FQ-CSID) → the EPS bearers set up with them, so that a
/// Delete PDN Connection Set (TS 29.274 §7.9.1) removes exactly those. Kept beside the tunnel table rather than in the
/// 136-octet tunnel record: only sessions whose Create Session carried FQ-CSIDs cost anything (one tunnel id per CSID
/// per bearer). Entries of tunnels deleted since are skipped when taken and pruned at the tunnel sweep.
/// </summary>
public sealed class PdnConnectionSets
{
    private readonly Dictionary<Key, List<long>> _sets = new();

    /// <summary>Sets known (node, CSID pairs).</summary>
    public int Count => _sets.Count;

    /// <summary>Tunnel ids held, live or not yet pruned.</summary>
    public long Entries { get; private set; }

    public void Add(int nodeType, IpAddress128 node, ushort csid, long tunnelId)
    {
        var key = new Key((byte)nodeType, node, csid);
        if (!_sets.TryGetValue(key, out var ids))
        {
            _sets.Add(key, ids = new List<long>(2));
        }
        if (!ids.Contains(tunnelId))
        {
            ids.Add(tunnelId);
            Entries++;
        }
    }

    /// <summary>Takes the tunnel ids of one set (empty when unknown); the set is forgotten.</summary>
    public IReadOnlyList<long> Take(int nodeType, IpAddress128 node, ushort csid)
    {
        if (!_sets.Remove(new Key((byte)nodeType, node, csid), out var ids))
        {
            return [];
        }
        Entries -= ids.Count;
        return ids;
    }

    /// <summary>Drops the ids of tunnels no longer live, and sets left empty.</summary>
    public void Prune(TunnelTable tunnels)
    {
        List<Key>? empty = null;
        foreach (var (key, ids) in _sets)
        {
            Entries -= ids.RemoveAll(id => tunnels.SlotOf(id) < 0);
            if (ids.Count == 0)
            {
                (empty ??= new()).Add(key);
            }
        }
        empty?.ForEach(k => _sets.Remove(k));
    }

    private readonly record struct Key(byte NodeType, IpAddress128 Node, ushort Csid);
}
