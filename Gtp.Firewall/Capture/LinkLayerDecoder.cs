using System.Buffers.Binary;

namespace Gtp.Firewall.Capture;

/// <summary>
/// Locates the IP header behind a link-layer header. Stateless; touches only the header octets.
/// </summary>
public static class LinkLayerDecoder
{
    // IEEE 802 EtherType values.
    private const ushort EtherTypeIPv4 = 0x0800;
    private const ushort EtherTypeIPv6 = 0x86DD;
    private const ushort EtherTypeVlan = 0x8100;      // IEEE 802.1Q C-tag
    private const ushort EtherTypeQinQ = 0x88A8;      // IEEE 802.1ad S-tag
    private const ushort EtherTypeQinQLegacy = 0x9100; // pre-802.1ad QinQ, still seen in captures

    private const int EthernetHeaderLength = 14;    // destination 6, source 6, EtherType 2
    private const int VlanTagLength = 4;            // TCI 2, inner EtherType 2
    private const int SllHeaderLength = 16;         // tcpdump.org/linktypes/LINKTYPE_LINUX_SLL.html
    private const int SllProtocolOffset = 14;
    private const int Sll2HeaderLength = 20;        // tcpdump.org/linktypes/LINKTYPE_LINUX_SLL2.html
    private const int Sll2ProtocolOffset = 0;

    /// <summary>
    /// Finds the IP header in <paramref name="frame"/>. Returns <see cref="CaptureNetworkProtocol.NotIp"/> and
    /// offset -1 for non-IP frames, unsupported link types, and frames too short for their link-layer header.
    /// </summary>
    public static CaptureNetworkProtocol Locate(LinkType linkType, ReadOnlySpan<byte> frame, out int networkOffset)
    {
        networkOffset = -1;
        switch (linkType)
        {
            case LinkType.Ethernet:
                if (frame.Length < EthernetHeaderLength)
                {
                    return CaptureNetworkProtocol.NotIp;
                }

                return FromEtherType(frame, BinaryPrimitives.ReadUInt16BigEndian(frame[(EthernetHeaderLength - 2)..]), EthernetHeaderLength, ref networkOffset);

            case LinkType.LinuxSll:
                if (frame.Length < SllHeaderLength)
                {
                    return CaptureNetworkProtocol.NotIp;
                }

                return FromEtherType(frame, BinaryPrimitives.ReadUInt16BigEndian(frame[SllProtocolOffset..]), SllHeaderLength, ref networkOffset);

            case LinkType.LinuxSll2:
                if (frame.Length < Sll2HeaderLength)
                {
                    return CaptureNetworkProtocol.NotIp;
                }

                return FromEtherType(frame, BinaryPrimitives.ReadUInt16BigEndian(frame[Sll2ProtocolOffset..]), Sll2HeaderLength, ref networkOffset);

            case LinkType.Raw:
                if (frame.IsEmpty)
                {
                    return CaptureNetworkProtocol.NotIp;
                }

                // LINKTYPE_RAW: "the packet begins with an IPv4 or IPv6 header, with the version field ... indicating which".
                var version = frame[0] >> 4;
                if (version is 4 or 6)
                {
                    networkOffset = 0;
                    return (CaptureNetworkProtocol)version;
                }

                return CaptureNetworkProtocol.NotIp;

            case LinkType.IPv4:
                return frame.IsEmpty ? CaptureNetworkProtocol.NotIp : Found(CaptureNetworkProtocol.IPv4, 0, ref networkOffset);

            case LinkType.IPv6:
                return frame.IsEmpty ? CaptureNetworkProtocol.NotIp : Found(CaptureNetworkProtocol.IPv6, 0, ref networkOffset);

            default:
                return CaptureNetworkProtocol.NotIp;
        }
    }

    // Maps the EtherType whose payload starts at `payload`, skipping any stack of 802.1Q / 802.1ad tags
    // (each: TCI 2 octets, then the inner EtherType).
    private static CaptureNetworkProtocol FromEtherType(ReadOnlySpan<byte> frame, ushort etherType, int payload, ref int networkOffset)
    {
        while (etherType is EtherTypeVlan or EtherTypeQinQ or EtherTypeQinQLegacy)
        {
            if ((uint)(payload + VlanTagLength) > (uint)frame.Length)
            {
                return CaptureNetworkProtocol.NotIp;
            }

            etherType = BinaryPrimitives.ReadUInt16BigEndian(frame[(payload + 2)..]);
            payload += VlanTagLength;
        }

        if (payload >= frame.Length)
        {
            return CaptureNetworkProtocol.NotIp;
        }

        return etherType switch
        {
            EtherTypeIPv4 => Found(CaptureNetworkProtocol.IPv4, payload, ref networkOffset),
            EtherTypeIPv6 => Found(CaptureNetworkProtocol.IPv6, payload, ref networkOffset),
            _ => CaptureNetworkProtocol.NotIp,
        };
    }

    private static CaptureNetworkProtocol Found(CaptureNetworkProtocol protocol, int offset, ref int networkOffset)
    {
        networkOffset = offset;
        return protocol;
    }
}
