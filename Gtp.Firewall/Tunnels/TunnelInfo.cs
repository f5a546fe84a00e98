using Gtp.Firewall.Gtp;
using Gtp.Firewall.Packets;

namespace Gtp.Firewall.Tunnels;

/// <summary>A read-only view of one tunnel for observers and front ends (usage CDRs are built from this).</summary>
public readonly record struct TunnelInfo(
    long Id,
    TunnelKind Kind,
    byte Version,
    ulong Imsi,
    byte Nsapi,
    IpAddress128 ServingControl,
    uint ServingControlTeid,
    IpAddress128 ServingUser,
    uint ServingUserTeid,
    IpAddress128 AnchorControl,
    uint AnchorControlTeid,
    IpAddress128 AnchorUser,
    uint AnchorUserTeid,
    IpAddress128 EndUser,
    string? Apn,
    TunnelUsage Usage,
    DateTime Created,
    DateTime LastSeen,
    uint? ChargingId = null,
    PdpType PdpType = PdpType.Unknown)
{
    public string ImsiDigits => Gtp.Imsi.Format(Imsi);
}
