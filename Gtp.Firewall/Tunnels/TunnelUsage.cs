namespace Gtp.Firewall.Tunnels;

/// <summary>G-PDU counts of one tunnel; bytes are T-PDU octets (the inner packet, after the GTP-U header).</summary>
public readonly record struct TunnelUsage(long UplinkPackets, long UplinkBytes, long DownlinkPackets, long DownlinkBytes);
