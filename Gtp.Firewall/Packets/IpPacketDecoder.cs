using System.Buffers.Binary;

namespace Gtp.Firewall.Packets;

/// <summary>
/// Stateless IPv4/IPv6 + UDP decoder over a span. Every length is checked before it is used; nothing throws.
/// </summary>
public static class IpPacketDecoder
{
    public const byte ProtocolUdp = 17;
    private const int UdpHeaderLength = 8;

    // RFC 8200 §4: extension headers walked before the upper layer.
    private const byte Ipv6HopByHop = 0;
    private const byte Ipv6Routing = 43;
    private const byte Ipv6Fragment = 44;
    private const byte Ipv6DestinationOptions = 60;
    private const int MaxIpv6ExtensionHeaders = 8;

    /// <summary>
    /// Decodes an IP packet. On <see cref="IpDecodeOutcome.Fragment"/>, <paramref name="fragmentPayload"/> is the
    /// fragment's data (after the IP and fragment headers).
    /// </summary>
    public static IpDecodeOutcome Decode(
        ReadOnlySpan<byte> packet,
        out UdpDatagram udp,
        out FragmentInfo fragment,
        out ReadOnlySpan<byte> fragmentPayload,
        out DropReason reason)
    {
        udp = default;
        fragment = default;
        fragmentPayload = default;
        reason = DropReason.None;
        if (packet.IsEmpty)
        {
            reason = DropReason.IpMalformed;
            return IpDecodeOutcome.Malformed;
        }
        return (packet[0] >> 4) switch
        {
            4 => DecodeV4(packet, out udp, out fragment, out fragmentPayload, out reason),
            6 => DecodeV6(packet, out udp, out fragment, out fragmentPayload, out reason),
            _ => Malformed(out reason),
        };
    }

    private static IpDecodeOutcome Malformed(out DropReason reason)
    {
        reason = DropReason.IpMalformed;
        return IpDecodeOutcome.Malformed;
    }

    // RFC 791 §3.1
    private static IpDecodeOutcome DecodeV4(ReadOnlySpan<byte> p, out UdpDatagram udp, out FragmentInfo fragment, out ReadOnlySpan<byte> fragmentPayload, out DropReason reason)
    {
        udp = default;
        fragment = default;
        fragmentPayload = default;
        reason = DropReason.None;
        if (p.Length < 20)
        {
            return Malformed(out reason);
        }
        var ihl = (p[0] & 0x0F) * 4;
        int totalLength = BinaryPrimitives.ReadUInt16BigEndian(p.Slice(2));
        if (ihl < 20 || totalLength < ihl || totalLength > p.Length)
        {
            return Malformed(out reason);
        }
        p = p.Slice(0, totalLength); // Ethernet padding beyond Total Length is ignored
        var protocol = p[9];
        var source = IpAddress128.ReadIPv4(p.Slice(12));
        var destination = IpAddress128.ReadIPv4(p.Slice(16));
        var flagsOffset = BinaryPrimitives.ReadUInt16BigEndian(p.Slice(6));
        var moreFragments = (flagsOffset & 0x2000) != 0;
        var offset = (flagsOffset & 0x1FFF) * 8;
        if (moreFragments || offset != 0)
        {
            if (protocol != ProtocolUdp)
            {
                return IpDecodeOutcome.NotUdp;
            }
            fragment = new FragmentInfo(source, destination, BinaryPrimitives.ReadUInt16BigEndian(p.Slice(4)), protocol, offset, moreFragments);
            fragmentPayload = p.Slice(ihl);
            return IpDecodeOutcome.Fragment;
        }
        if (protocol != ProtocolUdp)
        {
            return IpDecodeOutcome.NotUdp;
        }
        return DecodeUdp(source, destination, p.Slice(ihl), out udp, out reason);
    }

    // RFC 8200 §3, §4.5
    private static IpDecodeOutcome DecodeV6(ReadOnlySpan<byte> p, out UdpDatagram udp, out FragmentInfo fragment, out ReadOnlySpan<byte> fragmentPayload, out DropReason reason)
    {
        udp = default;
        fragment = default;
        fragmentPayload = default;
        reason = DropReason.None;
        if (p.Length < 40)
        {
            return Malformed(out reason);
        }
        int payloadLength = BinaryPrimitives.ReadUInt16BigEndian(p.Slice(4));
        if (40 + payloadLength > p.Length)
        {
            return Malformed(out reason);
        }
        var source = IpAddress128.ReadIPv6(p.Slice(8));
        var destination = IpAddress128.ReadIPv6(p.Slice(24));
        var next = p[6];
        var rest = p.Slice(40, payloadLength);
        for (var i = 0; i < MaxIpv6ExtensionHeaders; i++)
        {
            switch (next)
            {
                case ProtocolUdp:
                    return DecodeUdp(source, destination, rest, out udp, out reason);
                case Ipv6HopByHop:
                case Ipv6Routing:
                case Ipv6DestinationOptions:
                {
                    if (rest.Length < 8)
                    {
                        return Malformed(out reason);
                    }
                    var length = (rest[1] + 1) * 8;
                    if (length > rest.Length)
                    {
                        return Malformed(out reason);
                    }
                    next = rest[0];
                    rest = rest.Slice(length);
                    break;
                }
                case Ipv6Fragment:
                {
                    if (rest.Length < 8)
                    {
                        return Malformed(out reason);
                    }
                    var offsetFlags = BinaryPrimitives.ReadUInt16BigEndian(rest.Slice(2));
                    var offset = (offsetFlags >> 3) * 8;
                    var more = (offsetFlags & 1) != 0;
                    var protocol = rest[0];
                    if (!more && offset == 0)
                    {
                        // Atomic fragment (RFC 6946): process as a whole packet.
                        next = protocol;
                        rest = rest.Slice(8);
                        break;
                    }
                    if (protocol != ProtocolUdp)
                    {
                        return IpDecodeOutcome.NotUdp;
                    }
                    fragment = new FragmentInfo(source, destination, BinaryPrimitives.ReadUInt32BigEndian(rest.Slice(4)), protocol, offset, more);
                    fragmentPayload = rest.Slice(8);
                    return IpDecodeOutcome.Fragment;
                }
                default:
                    return IpDecodeOutcome.NotUdp;
            }
        }
        return Malformed(out reason);
    }

    /// <summary>Decodes a UDP header (RFC 768) and bounds the payload by the UDP Length.</summary>
    public static IpDecodeOutcome DecodeUdp(IpAddress128 source, IpAddress128 destination, ReadOnlySpan<byte> segment, out UdpDatagram udp, out DropReason reason)
    {
        udp = default;
        reason = DropReason.None;
        if (segment.Length < UdpHeaderLength)
        {
            reason = DropReason.UdpMalformed;
            return IpDecodeOutcome.Malformed;
        }
        int length = BinaryPrimitives.ReadUInt16BigEndian(segment.Slice(4));
        if (length < UdpHeaderLength || length > segment.Length)
        {
            reason = DropReason.UdpMalformed;
            return IpDecodeOutcome.Malformed;
        }
        udp = new UdpDatagram(
            source,
            destination,
            BinaryPrimitives.ReadUInt16BigEndian(segment),
            BinaryPrimitives.ReadUInt16BigEndian(segment.Slice(2)),
            segment.Slice(UdpHeaderLength, length - UdpHeaderLength));
        return IpDecodeOutcome.Udp;
    }
}
