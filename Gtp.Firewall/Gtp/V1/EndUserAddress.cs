using Gtp.Firewall.Packets;

namespace Gtp.Firewall.Gtp.V1;

/// <summary>End User Address IE value (TS 29.060 §7.7.27): 0xF0|organisation, PDP type number, address.</summary>
public static class EndUserAddress
{
    private const byte OrganisationIetf = 1;
    private const byte TypeIPv4 = 0x21;
    private const byte TypeIPv6 = 0x57;
    private const byte TypeIPv4v6 = 0x8D;

    /// <summary>
    /// Reads the end-user address. Returns false when malformed; an empty (dynamic) or non-IP address gives
    /// <see cref="IpAddress128.None"/>. For IPv4v6 the IPv4 address is preferred.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> value, out IpAddress128 address)
    {
        address = default;
        if (value.Length < 2)
        {
            return false;
        }
        if ((value[0] & 0x0F) != OrganisationIetf)
        {
            return true;
        }
        var rest = value.Slice(2);
        switch (value[1])
        {
            case TypeIPv4:
                return rest.Length switch { 0 => true, 4 => Set(IpAddress128.ReadIPv4(rest), out address), _ => false };
            case TypeIPv6:
                return rest.Length switch { 0 => true, 16 => Set(IpAddress128.ReadIPv6(rest), out address), _ => false };
            case TypeIPv4v6:
                // IE lengths 6 (v4 only), 18 (v6 only), 22 (both) include the two type octets.
                return rest.Length switch
                {
                    0 => true,
                    4 => Set(IpAddress128.ReadIPv4(rest), out address),
                    16 => Set(IpAddress128.ReadIPv6(rest), out address),
                    20 => Set(IpAddress128.ReadIPv4(rest), out address),
                    _ => false,
                };
            default:
                return true;
        }
    }

    /// <summary>The PDP type of a well-formed value (ETSI 0x01 = PPP; IETF 0x21/0x57/0x8D; anything else non-IP).</summary>
    public static PdpType TypeOf(ReadOnlySpan<byte> value)
    {
        if (value.Length < 2)
        {
            return PdpType.Unknown;
        }
        if ((value[0] & 0x0F) != OrganisationIetf)
        {
            return value[1] == 0x01 ? PdpType.Ppp : PdpType.NonIp;
        }
        return value[1] switch
        {
            TypeIPv4 => PdpType.IPv4,
            TypeIPv6 => PdpType.IPv6,
            TypeIPv4v6 => PdpType.IPv4v6,
            _ => PdpType.NonIp,
        };
    }

    private static bool Set(IpAddress128 value, out IpAddress128 address)
    {
        address = value;
        return true;
    }
}
