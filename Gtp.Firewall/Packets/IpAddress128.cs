using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Gtp.Firewall.Packets;

/// <summary>
/// An IPv4 or IPv6 address as two 64-bit halves. IPv4 is stored IPv4-mapped (::ffff:a.b.c.d, RFC 4291 §2.5.5.2),
/// so one key type serves both families and comparisons are two integer compares.
/// </summary>
public readonly struct IpAddress128 : IEquatable<IpAddress128>
{
    private const ulong V4MappedPrefix = 0x0000_FFFF_0000_0000UL;

    public readonly ulong Hi;
    public readonly ulong Lo;

    public IpAddress128(ulong hi, ulong lo)
    {
        Hi = hi;
        Lo = lo;
    }

    public static IpAddress128 None => default;

    public bool IsNone => (Hi | Lo) == 0;

    public bool IsIPv4 => Hi == 0 && (Lo & 0xFFFF_FFFF_0000_0000UL) == V4MappedPrefix;

    public static IpAddress128 FromIPv4(uint address) => new(0, V4MappedPrefix | address);

    /// <summary>Reads 4 octets in network order.</summary>
    public static IpAddress128 ReadIPv4(ReadOnlySpan<byte> source) => FromIPv4(BinaryPrimitives.ReadUInt32BigEndian(source));

    /// <summary>Reads 16 octets in network order.</summary>
    public static IpAddress128 ReadIPv6(ReadOnlySpan<byte> source)
        => new(BinaryPrimitives.ReadUInt64BigEndian(source), BinaryPrimitives.ReadUInt64BigEndian(source.Slice(8)));

    /// <summary>Reads a 4- or 16-octet address; any other length is rejected.</summary>
    public static bool TryRead(ReadOnlySpan<byte> source, out IpAddress128 address)
    {
        switch (source.Length)
        {
            case 4:
                address = ReadIPv4(source);
                return true;
            case 16:
                address = ReadIPv6(source);
                return true;
            default:
                address = default;
                return false;
        }
    }

    public static IpAddress128 FromIPAddress(IPAddress address)
    {
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            Span<byte> b = stackalloc byte[4];
            address.TryWriteBytes(b, out _);
            return ReadIPv4(b);
        }
        Span<byte> v6 = stackalloc byte[16];
        address.TryWriteBytes(v6, out _);
        return ReadIPv6(v6);
    }

    public static bool TryParse(string text, out IpAddress128 address)
    {
        if (IPAddress.TryParse(text, out var ip))
        {
            address = FromIPAddress(ip);
            return true;
        }
        address = default;
        return false;
    }

    public static IpAddress128 Parse(string text)
        => TryParse(text, out var a) ? a : throw new FormatException($"'{text}' is not an IP address");

    public IPAddress ToIPAddress()
    {
        if (IsIPv4)
        {
            return new IPAddress(BinaryPrimitives.ReverseEndianness((uint)Lo));
        }
        Span<byte> b = stackalloc byte[16];
        BinaryPrimitives.WriteUInt64BigEndian(b, Hi);
        BinaryPrimitives.WriteUInt64BigEndian(b.Slice(8), Lo);
        return new IPAddress(b);
    }

    public override string ToString() => ToIPAddress().ToString();

    public bool Equals(IpAddress128 other) => Hi == other.Hi && Lo == other.Lo;

    public override bool Equals(object? obj) => obj is IpAddress128 other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Hi, Lo);

    public static bool operator ==(IpAddress128 left, IpAddress128 right) => left.Equals(right);

    public static bool operator !=(IpAddress128 left, IpAddress128 right) => !left.Equals(right);
}
