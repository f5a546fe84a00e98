namespace Gtp.Firewall.Tests.Capture;

/// <summary>Link-layer frames around a minimal IPv4 or IPv6 header, for reader and decoder tests.</summary>
internal static class Frames
{
    /// <summary>IPv4 header (20 octets, UDP, 10.0.0.1 → 10.0.0.2) followed by an 8-octet UDP header.</summary>
    public static readonly byte[] IPv4Packet =
    [
        0x45, 0x00, 0x00, 0x1C, 0x00, 0x01, 0x00, 0x00, 0x40, 0x11, 0x00, 0x00, 10, 0, 0, 1, 10, 0, 0, 2,
        0x08, 0x68, 0x08, 0x68, 0x00, 0x08, 0x00, 0x00,
    ];

    /// <summary>IPv6 header (40 octets, UDP, 2001:db8::1 → 2001:db8::2, no payload).</summary>
    public static readonly byte[] IPv6Packet =
    [
        0x60, 0, 0, 0, 0x00, 0x00, 17, 64,
        0x20, 0x01, 0x0D, 0xB8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
        0x20, 0x01, 0x0D, 0xB8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2,
    ];

    private static readonly byte[] MacAddresses = [0, 1, 2, 3, 4, 5, 0, 6, 7, 8, 9, 10];

    public static byte[] Ethernet(ushort etherType, byte[] payload) => [.. MacAddresses, (byte)(etherType >> 8), (byte)etherType, .. payload];

    /// <summary>Ethernet with the given tag EtherTypes (e.g. 0x88A8, 0x8100), each with TCI 0x0064, then <paramref name="etherType"/>.</summary>
    public static byte[] EthernetTagged(ushort[] tags, ushort etherType, byte[] payload)
    {
        var frame = new List<byte>(MacAddresses);
        foreach (var tag in tags)
        {
            frame.AddRange([(byte)(tag >> 8), (byte)tag, 0x00, 0x64]);
        }

        frame.AddRange([(byte)(etherType >> 8), (byte)etherType]);
        frame.AddRange(payload);
        return [.. frame];
    }

    /// <summary>LINKTYPE_LINUX_SLL: packet type 0 (to us), ARPHRD_ETHER, address length 6, address + 2 pad, protocol.</summary>
    public static byte[] LinuxSll(ushort protocol, byte[] payload) =>
        [0, 0, 0, 1, 0, 6, 0, 1, 2, 3, 4, 5, 0, 0, (byte)(protocol >> 8), (byte)protocol, .. payload];

    /// <summary>LINKTYPE_LINUX_SLL2: protocol, reserved, interface index 2, ARPHRD_ETHER, packet type 0, address length 6, address + 2 pad.</summary>
    public static byte[] LinuxSll2(ushort protocol, byte[] payload) =>
        [(byte)(protocol >> 8), (byte)protocol, 0, 0, 0, 0, 0, 2, 0, 1, 0, 6, 0, 1, 2, 3, 4, 5, 0, 0, .. payload];
}
