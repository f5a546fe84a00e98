using Gtp.Firewall.Packets;
using System.Net;

namespace Gtp.Firewall.Configuration;

/// <summary>Reads the address book's and the zones' prefixes into <see cref="IPNetwork"/>, with one-line errors.</summary>
public static class NetworkParser
{
    /// <summary>Parses "a.b.c.d", "a.b.c.d/n", "x::y" or "x::y/n". A set host bit outside the mask is rejected.</summary>
    public static bool TryParse(string text, out IPNetwork network, out string? error)
    {
        network = default;
        error = null;
        var slash = text.IndexOf('/');
        var addressText = slash < 0 ? text : text[..slash];
        if (!IpAddress128.TryParse(addressText.Trim(), out var address))
        {
            error = $"'{text}' is not an IPv4/IPv6 address or prefix";
            return false;
        }
        var max = address.IsIPv4 ? 32 : 128;
        var length = max;
        if (slash >= 0 && (!int.TryParse(text.AsSpan(slash + 1), out length) || length < 0 || length > max))
        {
            error = $"'{text}' has a bad prefix length (0-{max})";
            return false;
        }
        if (!AddressMatcher.IsNetworkAddress(address, address.IsIPv4 ? length + 96 : length))
        {
            error = $"'{text}' has host bits set outside the /{length} mask";
            return false;
        }
        // An IPv4-mapped IPv6 address is an IPv4 network, as the packet path sees it.
        network = new IPNetwork(address.ToIPAddress(), length);
        return true;
    }
}
