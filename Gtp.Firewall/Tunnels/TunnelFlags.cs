using Gtp.Firewall.Gtp;

namespace Gtp.Firewall.Tunnels;

[Flags]
public enum TunnelFlags : byte
{
    None = 0,
    UplinkSequenceSeen = 0x01,
    DownlinkSequenceSeen = 0x02,
    /// <summary>Set up from handover messages (handover-on-roaming-intf), not from Create PDP/Session.</summary>
    FromHandover = 0x04,
    /// <summary><see cref="Tunnel.ChargingId"/> was signalled (Create PDP Context / Create Session Response).</summary>
    HasChargingId = 0x08,
    /// <summary>Three bits holding the <see cref="PdpType"/> (kept here so the record stays 136 octets).</summary>
    PdpTypeMask = 0x70,
    /// <summary>Changed since the last state checkpoint (<see cref="TunnelTable.MarkDirty"/>); never persisted.</summary>
    Dirty = 0x80,
}
