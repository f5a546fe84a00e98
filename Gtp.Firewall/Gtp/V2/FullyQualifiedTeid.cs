using Gtp.Firewall.Packets;
using System.Buffers.Binary;

namespace Gtp.Firewall.Gtp.V2;

/// <summary>
/// F-TEID IE (87; TS 29.274 §8.22): V4 0x80, V6 0x40, interface type (6 bits), TEID/GRE key, IPv4 and/or IPv6.
/// When both addresses are present the IPv4 one is used as the key. V4 = V6 = 0 is malformed (open5gs #4273).
/// </summary>
public readonly struct FullyQualifiedTeid
{
    public byte InterfaceType { get; init; }
    public uint Teid { get; init; }
    public IpAddress128 Address { get; init; }

    public static bool TryParse(ReadOnlySpan<byte> value, out FullyQualifiedTeid fteid)
    {
        fteid = default;
        if (value.Length < 5)
        {
            return false;
        }
        var v4 = (value[0] & 0x80) != 0;
        var v6 = (value[0] & 0x40) != 0;
        var need = 5 + (v4 ? 4 : 0) + (v6 ? 16 : 0);
        if ((!v4 && !v6) || value.Length < need)
        {
            return false;
        }
        fteid = new FullyQualifiedTeid
        {
            InterfaceType = (byte)(value[0] & 0x3F),
            Teid = BinaryPrimitives.ReadUInt32BigEndian(value.Slice(1)),
            Address = v4 ? IpAddress128.ReadIPv4(value.Slice(5)) : IpAddress128.ReadIPv6(value.Slice(5)),
        };
        return true;
    }
}
