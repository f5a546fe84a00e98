namespace Gtp.Firewall.Gtp;

/// <summary>
/// The PDP/PDN type a context was set up with: from the End User Address (TS 29.060 §7.7.27) or the PAA / PDN
/// Type (TS 29.274 §8.14, §8.34). Values fit in three bits of <see cref="TunnelFlags.PdpTypeMask"/>.
/// </summary>
public enum PdpType : byte
{
    Unknown = 0,
    IPv4 = 1,
    IPv6 = 2,
    IPv4v6 = 3,
    /// <summary>ETSI PPP (v0/v1).</summary>
    Ppp = 4,
    /// <summary>Non-IP (v2 PDN type 4, or an ETSI/IETF type the firewall does not model).</summary>
    NonIp = 5,
}
