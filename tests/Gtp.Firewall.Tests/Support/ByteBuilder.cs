using System.Net;

namespace Gtp.Firewall.Tests.Support;

/// <summary>A tiny test-only big-endian byte writer, independent of the code under test.</summary>
internal sealed class ByteBuilder
{
    private readonly List<byte> _bytes = new();

    public int Length => _bytes.Count;

    public ByteBuilder U8(int v)
    {
        _bytes.Add((byte)v);
        return this;
    }

    public ByteBuilder U16(int v) => U8(v >> 8).U8(v);

    public ByteBuilder U24(uint v) => U8((int)(v >> 16)).U8((int)(v >> 8)).U8((int)v);

    public ByteBuilder U32(uint v) => U8((int)(v >> 24)).U8((int)(v >> 16)).U8((int)(v >> 8)).U8((int)v);

    public ByteBuilder Raw(params byte[] bytes)
    {
        _bytes.AddRange(bytes);
        return this;
    }

    public ByteBuilder Hex(string hex) => Raw(Convert.FromHexString(hex.Replace(" ", "")));

    public ByteBuilder Ip(string address) => Raw(IPAddress.Parse(address).GetAddressBytes());

    public ByteBuilder Zeros(int count) => Raw(new byte[count]);

    public byte[] ToArray() => _bytes.ToArray();

    public static implicit operator byte[](ByteBuilder b) => b.ToArray();

    /// <summary>TBCD digits, low nibble first, padded with 0xF to <paramref name="octets"/>.</summary>
    public static byte[] Tbcd(string digits, int octets = 8)
    {
        var result = Enumerable.Repeat((byte)0xFF, octets).ToArray();
        for (var i = 0; i < digits.Length; i++)
        {
            var d = digits[i] - '0';
            result[i / 2] = i % 2 == 0 ? (byte)((result[i / 2] & 0xF0) | d) : (byte)((result[i / 2] & 0x0F) | (d << 4));
        }
        return result;
    }
}
