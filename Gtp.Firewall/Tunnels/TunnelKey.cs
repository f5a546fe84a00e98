using Gtp.Firewall.Packets;

namespace Gtp.Firewall.Tunnels;

/// <summary>An index key: an address as two 64-bit halves plus a 32-bit TEID (or NSAPI/flow label, by plane).</summary>
public readonly record struct TunnelKey(ulong Hi, ulong Lo, uint Teid)
{
    public TunnelKey(IpAddress128 address, uint teid) : this(address.Hi, address.Lo, teid)
    {
    }

    /// <summary>The subscriber key: IMSI (8-octet TBCD) + NSAPI/EBI.</summary>
    public static TunnelKey Subscriber(ulong imsi, byte nsapi) => new(0, imsi, nsapi);
}
