namespace Gtp.Firewall.Tunnels;

[Flags]
public enum TunnelFlags : byte
{
    None = 0,
    UplinkSequenceSeen = 0x01,
    DownlinkSequenceSeen = 0x02,
    /// <summary>Set up from handover messages (handover-on-roaming-intf), not from Create PDP/Session.</summary>
    FromHandover = 0x04,
}
