namespace Gtp.Firewall.Inline;

/// <summary>
/// Queued packet ids of IP fragments whose verdict waits for their datagram's (docs/firewall-design.md,
/// "Fragments"), by reassembly datagram id; at most <see cref="Capacity"/> packets. Owned by one queue's packet thread.
/// </summary>
internal sealed class HeldFragments(int capacity)
{
    private readonly Dictionary<uint, List<uint>> _byDatagram = new();
    private readonly Stack<List<uint>> _spare = new();
    // When each datagram's first packet was held (ticks), for the age-based drop.
    private readonly Dictionary<uint, long> _since = new();

    public int Capacity { get; } = capacity;

    /// <summary>Packets held now (read by the metrics thread: a torn read is impossible for an int).</summary>
    public int Count { get; private set; }

    /// <summary>Holds packet <paramref name="packetId"/> for <paramref name="datagram"/>; false when <see cref="Capacity"/> are held.</summary>
    public bool TryHold(uint datagram, uint packetId, long nowTicks = 0)
    {
        if (Count >= Capacity)
        {
            return false;
        }
        if (!_byDatagram.TryGetValue(datagram, out var ids))
        {
            ids = _spare.TryPop(out var spare) ? spare : new List<uint>(4);
            _byDatagram.Add(datagram, ids);
            _since[datagram] = nowTicks;
        }
        ids.Add(packetId);
        Count++;
        return true;
    }

    /// <summary>
    /// Takes the packets held for <paramref name="datagram"/>; the caller gives each its verdict, then hands the list
    /// back with <see cref="Recycle"/>.
    /// </summary>
    public bool TryTake(uint datagram, out List<uint> ids)
    {
        if (!_byDatagram.Remove(datagram, out ids!))
        {
            return false;
        }
        _since.Remove(datagram);
        Count -= ids.Count;
        return true;
    }

    public void Recycle(List<uint> ids)
    {
        ids.Clear();
        _spare.Push(ids);
    }

    /// <summary>The datagrams whose first packet was held before <paramref name="cutoffTicks"/> (empty when none).</summary>
    public uint[] HeldBefore(long cutoffTicks)
    {
        var count = 0;
        foreach (var since in _since.Values)
        {
            if (since < cutoffTicks)
            {
                count++;
            }
        }
        if (count == 0)
        {
            return [];
        }
        var old = new uint[count];
        var i = 0;
        foreach (var (datagram, since) in _since)
        {
            if (since < cutoffTicks)
            {
                old[i++] = datagram;
            }
        }
        return old;
    }

    /// <summary>The datagrams with held packets (to drop them all at stop).</summary>
    public uint[] Datagrams() => [.. _byDatagram.Keys];

    /// <summary>The lowest held packet id, <see cref="uint.MaxValue"/> when none: no batch verdict may reach it.</summary>
    public uint LowestId()
    {
        var lowest = uint.MaxValue;
        if (Count == 0)
        {
            return lowest;
        }
        foreach (var ids in _byDatagram.Values)
        {
            foreach (var id in ids)
            {
                lowest = Math.Min(lowest, id);
            }
        }
        return lowest;
    }
}
