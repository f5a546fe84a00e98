using System.Net;
using System.Net.Sockets;

namespace Gtp.Firewall.Packets;

/// <summary>
/// A flattened address set: "any", or a list of <see cref="IPNetwork"/> prefixes compiled to masks over
/// <see cref="IpAddress128"/>, so a lookup on the packet path is two AND/compare pairs per prefix and allocates
/// nothing. An IPv4 network a.b.c.d/n matches the IPv4-mapped addresses ::ffff:a.b.c.d/(96 + n).
/// </summary>
public sealed class AddressMatcher
{
    private readonly IPNetwork[] _prefixes;
    private readonly Mask[] _masks;

    public AddressMatcher(string name, IReadOnlyList<IPNetwork> prefixes, bool any = false)
    {
        Name = name;
        IsAny = any;
        _prefixes = prefixes.ToArray();
        _masks = new Mask[_prefixes.Length];
        for (var i = 0; i < _prefixes.Length; i++)
        {
            _masks[i] = Mask.Of(_prefixes[i]);
        }
    }

    public static AddressMatcher Any { get; } = new("any", [], any: true);

    public string Name { get; }
    public bool IsAny { get; }
    public IReadOnlyList<IPNetwork> Prefixes => _prefixes;

    public bool Contains(IpAddress128 address) => IsAny || IndexOf(address) >= 0;

    /// <summary>The index in <see cref="Prefixes"/> of the first prefix containing <paramref name="address"/>, or -1 (also for "any").</summary>
    public int IndexOf(IpAddress128 address)
    {
        var masks = _masks.AsSpan();
        for (var i = 0; i < masks.Length; i++)
        {
            if (masks[i].Contains(address))
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>The prefix length of <paramref name="network"/> in the 128-bit space (IPv4: 96 + n).</summary>
    public static int Length128(IPNetwork network)
        => network.BaseAddress.AddressFamily == AddressFamily.InterNetwork ? 96 + network.PrefixLength : network.PrefixLength;

    /// <summary>True when <paramref name="address"/> has no bits set beyond the first <paramref name="length128"/>.</summary>
    public static bool IsNetworkAddress(IpAddress128 address, int length128) => Mask.Of(address, length128).Network == address;

    private readonly record struct Mask(ulong Hi, ulong Lo, IpAddress128 Network)
    {
        public static Mask Of(IPNetwork network) => Of(IpAddress128.FromIPAddress(network.BaseAddress), Length128(network));

        public static Mask Of(IpAddress128 address, int length)
        {
            var hi = length >= 64 ? ulong.MaxValue : length == 0 ? 0 : ulong.MaxValue << (64 - length);
            var lo = length <= 64 ? 0 : length == 128 ? ulong.MaxValue : ulong.MaxValue << (128 - length);
            return new Mask(hi, lo, new IpAddress128(address.Hi & hi, address.Lo & lo));
        }

        public bool Contains(IpAddress128 address) => (address.Hi & Hi) == Network.Hi && (address.Lo & Lo) == Network.Lo;
    }
}
