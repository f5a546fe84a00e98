namespace Gtp.Firewall.Tunnels;

/// <summary>
/// One tunnel-table record, stored by value in the table's slot array (136 octets). "Serving" is the SGSN/SGW side,
/// "anchor" the GGSN/PGW side; uplink traffic goes to the anchor's user TEID. Addresses are <see cref="NodeTable"/>
/// ids. The fields a G-PDU touches come first (80 octets), so the batch pipeline's two prefetched lines hold them.
/// </summary>
public struct Tunnel
{
    // Hot: read or written for every G-PDU.
    public TunnelKind Kind;
    public TunnelFlags Flags;
    /// <summary>The GTP version that created the tunnel (0, 1 or 2).</summary>
    public byte Version;
    /// <summary>NSAPI (v0/v1) or EBI (v2).</summary>
    public byte Nsapi;
    public ushort UplinkSequence;
    public ushort DownlinkSequence;
    public uint ServingUserTeid;
    public uint AnchorUserTeid;
    public int ServingUserNode;
    public int AnchorUserNode;
    public int ServingControlNode;
    public int AnchorControlNode;
    public long LastSeenTicks;
    public long UplinkPackets;
    public long UplinkBytes;
    public long DownlinkPackets;
    public long DownlinkBytes;
    /// <summary>Uplink + downlink octets at which the next volume-limit event fires (long.MaxValue = none).</summary>
    public long VolumeThreshold;

    // Cold: control plane, identity and bookkeeping.
    public ulong Imsi;
    public Packets.IpAddress128 EndUser;
    public long CreatedTicks;
    public uint ServingControlTeid;
    public uint AnchorControlTeid;
    /// <summary><see cref="ApnTable"/> id, 0 = unknown.</summary>
    public int ApnId;
    public uint Generation;
    /// <summary>Free list link while free.</summary>
    public int NextFree;
    /// <summary>Charging ID from the GGSN/PGW (valid when <see cref="TunnelFlags.HasChargingId"/> is set).</summary>
    public uint ChargingId;
}
