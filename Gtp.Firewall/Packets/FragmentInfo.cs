namespace Gtp.Firewall.Packets;

/// <summary>One IPv4 or IPv6 fragment: identification, offset in octets and the More Fragments flag.</summary>
public readonly record struct FragmentInfo(
    IpAddress128 Source,
    IpAddress128 Destination,
    uint Identification,
    byte Protocol,
    int Offset,
    bool MoreFragments);
