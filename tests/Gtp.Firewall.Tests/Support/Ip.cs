using System.Net;

namespace Gtp.Firewall.Tests.Support;

/// <summary>IPv4/IPv6 + UDP framing for test packets (checksums left zero; the engine does not verify them).</summary>
internal static class Ip
{
    public static byte[] Udp(string src, string dst, int sport, int dport, byte[] payload)
        => IPAddress.Parse(src).AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
            ? V6(src, dst, UdpSegment(sport, dport, payload))
            : V4(src, dst, UdpSegment(sport, dport, payload));

    public static byte[] UdpSegment(int sport, int dport, byte[] payload)
        => new ByteBuilder().U16(sport).U16(dport).U16(8 + payload.Length).U16(0).Raw(payload);

    public static byte[] V4(string src, string dst, byte[] l4, int protocol = 17, int id = 1, bool moreFragments = false, int fragmentOffset = 0)
        => new ByteBuilder()
            .U8(0x45).U8(0).U16(20 + l4.Length)
            .U16(id).U16((moreFragments ? 0x2000 : 0) | (fragmentOffset / 8))
            .U8(64).U8(protocol).U16(0)
            .Ip(src).Ip(dst)
            .Raw(l4);

    public static byte[] V6(string src, string dst, byte[] l4, int nextHeader = 17)
        => new ByteBuilder()
            .U32(0x60000000).U16(l4.Length).U8(nextHeader).U8(64)
            .Ip(src).Ip(dst)
            .Raw(l4);

    /// <summary>An IPv6 packet with a Fragment header (RFC 8200 §4.5).</summary>
    public static byte[] V6Fragment(string src, string dst, byte[] data, uint id, int offset, bool more)
        => V6(src, dst, new ByteBuilder().U8(17).U8(0).U16(offset | (more ? 1 : 0)).U32(id).Raw(data), nextHeader: 44);

    /// <summary>Splits a UDP segment into IPv4 fragments of <paramref name="chunk"/> octets (multiple of 8).</summary>
    public static List<byte[]> V4Fragments(string src, string dst, byte[] l4, int chunk, int id = 77)
    {
        var list = new List<byte[]>();
        for (var offset = 0; offset < l4.Length; offset += chunk)
        {
            var length = Math.Min(chunk, l4.Length - offset);
            list.Add(V4(src, dst, l4.AsSpan(offset, length).ToArray(), id: id, moreFragments: offset + length < l4.Length, fragmentOffset: offset));
        }
        return list;
    }
}
