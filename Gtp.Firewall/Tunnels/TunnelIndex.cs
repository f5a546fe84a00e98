using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace Gtp.Firewall.Tunnels;

/// <summary>
/// Open-addressing hash index from (plane, <see cref="TunnelKey"/>) to a tunnel slot. Entries are 24-octet
/// structs stored inline (no per-entry object); linear probing, backward-shift deletion (no tombstones),
/// capacity any integer (Lemire's multiply-shift reduction), grown ×1.5 above a load of 0.8.
/// </summary>
public sealed class TunnelIndex
{
    private const double MaxLoad = 0.8;
    private const int PlaneShift = 28;
    private const uint SlotMask = (1u << PlaneShift) - 1;

    private Entry[] _entries;
    private int _count;
    private int _growAt;

    public TunnelIndex(int capacity = 1024)
    {
        _entries = LargeTable.Allocate<Entry>(Math.Max(16, (int)(capacity / MaxLoad) + 1));
        _growAt = (int)(_entries.Length * MaxLoad);
    }

    public int Count => _count;
    public int Capacity => _entries.Length;
    public long AllocatedBytes => (long)_entries.Length * Unsafe.SizeOf<Entry>();

    /// <summary>The slot for the key, or -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Find(in TunnelKey key, TunnelPlane plane)
    {
        var entries = _entries;
        var i = Home(key, plane, entries.Length);
        var tag = (uint)plane << PlaneShift;
        while (true)
        {
            ref var e = ref entries[i];
            if (e.Meta == 0)
            {
                return -1;
            }
            if (e.Teid == key.Teid && e.Lo == key.Lo && e.Hi == key.Hi && (e.Meta & ~SlotMask) == tag)
            {
                return (int)(e.Meta & SlotMask) - 1;
            }
            if (++i == entries.Length)
            {
                i = 0;
            }
        }
    }

    /// <summary>Hints the CPU to fetch the key's home bucket (batch pipelines hide the cache miss of a large index).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public unsafe void Prefetch(in TunnelKey key, TunnelPlane plane)
    {
        if (Sse.IsSupported)
        {
            var entries = _entries;
            // A prefetch is only a hint: an unpinned address that the GC might move is harmless here.
            Sse.Prefetch0(Unsafe.AsPointer(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(entries), Home(key, plane, entries.Length))));
        }
    }

    /// <summary>Adds the key; false (and no change) when it is already present.</summary>
    public bool TryAdd(in TunnelKey key, TunnelPlane plane, int slot) => Insert(key, plane, slot, overwrite: false);

    /// <summary>Adds or repoints the key.</summary>
    public void Set(in TunnelKey key, TunnelPlane plane, int slot) => Insert(key, plane, slot, overwrite: true);

    /// <summary>Removes the key only while it still points at <paramref name="slot"/>.</summary>
    public bool Remove(in TunnelKey key, TunnelPlane plane, int slot)
    {
        var entries = _entries;
        var i = Locate(key, plane);
        if (i < 0 || (int)(entries[i].Meta & SlotMask) - 1 != slot)
        {
            return false;
        }
        // Backward-shift deletion: move later members of the probe run into the hole when their home allows it.
        var hole = i;
        var j = i;
        while (true)
        {
            if (++j == entries.Length)
            {
                j = 0;
            }
            ref var e = ref entries[j];
            if (e.Meta == 0)
            {
                break;
            }
            var home = Home(new TunnelKey(e.Hi, e.Lo, e.Teid), (TunnelPlane)(e.Meta >> PlaneShift), entries.Length);
            var distanceHome = (j - home + entries.Length) % entries.Length;
            var distanceHole = (j - hole + entries.Length) % entries.Length;
            if (distanceHome >= distanceHole)
            {
                entries[hole] = e;
                hole = j;
            }
        }
        entries[hole] = default;
        _count--;
        return true;
    }

    /// <summary>The slot of every entry (for consistency checks in tests).</summary>
    internal IEnumerable<int> Slots()
    {
        for (var i = 0; i < _entries.Length; i++)
        {
            if (_entries[i].Meta != 0)
            {
                yield return (int)(_entries[i].Meta & SlotMask) - 1;
            }
        }
    }

    private int Locate(in TunnelKey key, TunnelPlane plane)
    {
        var entries = _entries;
        var i = Home(key, plane, entries.Length);
        var tag = (uint)plane << PlaneShift;
        while (true)
        {
            ref var e = ref entries[i];
            if (e.Meta == 0)
            {
                return -1;
            }
            if (e.Teid == key.Teid && e.Lo == key.Lo && e.Hi == key.Hi && (e.Meta & ~SlotMask) == tag)
            {
                return i;
            }
            if (++i == entries.Length)
            {
                i = 0;
            }
        }
    }

    private bool Insert(in TunnelKey key, TunnelPlane plane, int slot, bool overwrite)
    {
        if ((uint)slot >= SlotMask)
        {
            throw new ArgumentOutOfRangeException(nameof(slot));
        }
        var existing = Locate(key, plane);
        var meta = ((uint)plane << PlaneShift) | (uint)(slot + 1);
        if (existing >= 0)
        {
            if (overwrite)
            {
                _entries[existing].Meta = meta;
            }
            return overwrite;
        }
        if (_count + 1 > _growAt)
        {
            Resize((int)(_entries.Length * 1.5) + 1);
        }
        Place(_entries, new Entry { Hi = key.Hi, Lo = key.Lo, Teid = key.Teid, Meta = meta });
        _count++;
        return true;
    }

    private static void Place(Entry[] entries, in Entry entry)
    {
        var i = Home(new TunnelKey(entry.Hi, entry.Lo, entry.Teid), (TunnelPlane)(entry.Meta >> PlaneShift), entries.Length);
        while (entries[i].Meta != 0)
        {
            if (++i == entries.Length)
            {
                i = 0;
            }
        }
        entries[i] = entry;
    }

    private void Resize(int capacity)
    {
        var old = _entries;
        var entries = LargeTable.Allocate<Entry>(capacity);
        foreach (ref readonly var e in old.AsSpan())
        {
            if (e.Meta != 0)
            {
                Place(entries, e);
            }
        }
        _entries = entries;
        _growAt = (int)(capacity * MaxLoad);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Home(in TunnelKey key, TunnelPlane plane, int capacity)
    {
        var x = key.Lo ^ (key.Hi * 0x9E3779B97F4A7C15UL) ^ ((ulong)key.Teid * 0xC2B2AE3D27D4EB4FUL) ^ (ulong)plane;
        x ^= x >> 31;
        x *= 0xBF58476D1CE4E5B9UL;
        x ^= x >> 29;
        return (int)(((x & 0xFFFF_FFFFUL) * (ulong)capacity) >> 32);
    }

    private struct Entry
    {
        public ulong Hi;
        public ulong Lo;
        public uint Teid;
        /// <summary>0 = empty; else plane in the top 4 bits and slot + 1 below.</summary>
        public uint Meta;
    }
}
