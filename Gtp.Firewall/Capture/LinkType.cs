namespace Gtp.Firewall.Capture;

/// <summary>
/// Link-layer header types (LINKTYPE_* values, tcpdump.org/linktypes.html; draft-ietf-opsawg-pcaplinktype).
/// Only the types whose network-layer offset the reader can locate are named; any other value is carried through.
/// </summary>
public enum LinkType : ushort
{
    /// <summary>LINKTYPE_ETHERNET: IEEE 802.3 / Ethernet II, optionally with 802.1Q / 802.1ad tags.</summary>
    Ethernet = 1,

    /// <summary>LINKTYPE_RAW: raw IPv4 or IPv6, version taken from the first nibble.</summary>
    Raw = 101,

    /// <summary>LINKTYPE_LINUX_SLL: Linux "cooked" capture v1, 16-octet header.</summary>
    LinuxSll = 113,

    /// <summary>LINKTYPE_IPV4: raw IPv4.</summary>
    IPv4 = 228,

    /// <summary>LINKTYPE_IPV6: raw IPv6.</summary>
    IPv6 = 229,

    /// <summary>LINKTYPE_LINUX_SLL2: Linux "cooked" capture v2, 20-octet header.</summary>
    LinuxSll2 = 276,
}
