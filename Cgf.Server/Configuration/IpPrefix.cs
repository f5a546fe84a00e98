using System.Net;
using System.Net.Sockets;

namespace Cgf.Server.Configuration;

/// <summary>An address or CIDR prefix; IPv4-mapped IPv6 addresses match their IPv4 form.</summary>
public readonly record struct IpPrefix(IPAddress Network, int PrefixLength)
{
    public bool IsSingleAddress =>
        PrefixLength == (Network.AddressFamily == AddressFamily.InterNetwork ? 32 : 128);

    public static bool TryParse(string text, out IpPrefix prefix)
    {
        prefix = default;
        var slash = text.IndexOf('/');
        var addressText = slash < 0 ? text : text[..slash];
        if (!IPAddress.TryParse(addressText.Trim(), out var address))
            return false;
        address = Normalize(address);
        var max = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        var length = max;
        if (slash >= 0 && (!int.TryParse(text[(slash + 1)..], out length) || length < 0 || length > max))
            return false;
        prefix = new IpPrefix(address, length);
        return true;
    }

    public bool Contains(IPAddress address)
    {
        address = Normalize(address);
        if (address.AddressFamily != Network.AddressFamily)
            return false;
        Span<byte> a = stackalloc byte[16];
        Span<byte> n = stackalloc byte[16];
        address.TryWriteBytes(a, out var size);
        Network.TryWriteBytes(n, out _);
        var bits = PrefixLength;
        for (var i = 0; i < size && bits > 0; i++, bits -= 8)
        {
            var mask = bits >= 8 ? (byte)0xFF : (byte)(0xFF << (8 - bits));
            if ((a[i] & mask) != (n[i] & mask))
                return false;
        }
        return true;
    }

    public static IPAddress Normalize(IPAddress address) =>
        address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    public override string ToString() => $"{Network}/{PrefixLength}";
}
