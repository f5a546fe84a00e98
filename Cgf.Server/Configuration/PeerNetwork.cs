using System.Net;
using System.Net.Sockets;

namespace Cgf.Server.Configuration;

/// <summary>
/// An entry of Cgf:Peers as a <see cref="IPNetwork"/>: an address (that one host) or a CIDR prefix, whose
/// bits past the prefix length are ignored (<c>10.1.2.3/8</c> is <c>10.0.0.0/8</c>). IPv4-mapped IPv6
/// addresses stand for their IPv4 form, in the entry and in what is matched against it.
/// </summary>
public static class PeerNetwork
{
    public static bool TryParse(string text, out IPNetwork network)
    {
        network = default;
        var slash = text.IndexOf('/');
        var addressText = slash < 0 ? text : text[..slash];
        if (!IPAddress.TryParse(addressText.Trim(), out var address))
            return false;
        address = Normalize(address);
        var max = MaxPrefixLength(address);
        var length = max;
        if (slash >= 0 && (!int.TryParse(text[(slash + 1)..], out length) || length < 0 || length > max))
            return false;
        // IPNetwork refuses a base address with bits set past the prefix; the configured form allows them.
        network = new IPNetwork(Mask(address, length), length);
        return true;
    }

    /// <summary>True for an entry naming one host (a /32 or /128): the peers this CGF announces itself to.</summary>
    public static bool IsSingleAddress(IPNetwork network) => network.PrefixLength == MaxPrefixLength(network.BaseAddress);

    /// <summary><see cref="IPNetwork.Contains"/> after mapping an IPv4-mapped IPv6 address to IPv4.</summary>
    public static bool Matches(IPNetwork network, IPAddress address) => network.Contains(Normalize(address));

    public static IPAddress Normalize(IPAddress address) =>
        address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    private static int MaxPrefixLength(IPAddress address) => address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;

    private static IPAddress Mask(IPAddress address, int prefixLength)
    {
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out var size);
        bytes = bytes[..size];
        for (var i = 0; i < size; i++)
        {
            var bits = Math.Clamp(prefixLength - 8 * i, 0, 8);
            bytes[i] &= (byte)(0xFF00 >> bits);
        }
        return new IPAddress(bytes);
    }
}
