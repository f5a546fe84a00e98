using Gtp.Firewall.Policies;
using System.Runtime.InteropServices;

namespace Gtp.Firewall.Inline;

/// <summary>
/// Maps an interface index from the queue (in/out device) to a zone index through <c>Zones:*:Interfaces</c>.
/// Names are looked up once per index (if_indextoname) and cached; -1 means "no zone by interface", and the engine
/// then takes the zone from the address's <c>Networks</c>. The cache is cleared every minute so a re-created
/// interface (new index, or an index reused under another name) is picked up.
/// </summary>
internal sealed unsafe class InterfaceZones
{
    private const int Unresolved = int.MinValue;
    private readonly Dictionary<string, int> _zoneByName = new(StringComparer.Ordinal);
    private int[] _zoneByIndex = new int[256];

    public InterfaceZones(FirewallPolicy policy)
    {
        foreach (var zone in policy.Zones)
        {
            foreach (var name in zone.Interfaces)
            {
                _zoneByName[name] = zone.Index;
            }
        }
        Clear();
    }

    public bool IsEmpty => _zoneByName.Count == 0;

    /// <summary>The zone of interface <paramref name="index"/> (0 = none, e.g. locally generated), or -1.</summary>
    public int ZoneOf(uint index)
    {
        if (index == 0 || _zoneByName.Count == 0)
        {
            return -1;
        }
        if (index >= (uint)_zoneByIndex.Length)
        {
            if (index > 1 << 20)
            {
                return Resolve(index);
            }
            var grown = new int[(int)Math.Max(index + 1, (uint)_zoneByIndex.Length * 2)];
            Array.Fill(grown, Unresolved);
            _zoneByIndex.CopyTo(grown, 0);
            _zoneByIndex = grown;
        }
        var zone = _zoneByIndex[index];
        if (zone == Unresolved)
        {
            zone = _zoneByIndex[index] = Resolve(index);
        }
        return zone;
    }

    public void Clear() => Array.Fill(_zoneByIndex, Unresolved);

    private int Resolve(uint index)
    {
        var name = NameOf(index);
        return name is not null && _zoneByName.TryGetValue(name, out var zone) ? zone : -1;
    }

    public static string? NameOf(uint index)
    {
        var buffer = stackalloc byte[16]; // IF_NAMESIZE
        return NetfilterQueueNative.InterfaceIndexToName(index, buffer) is null ? null : Marshal.PtrToStringUTF8((nint)buffer);
    }
}
