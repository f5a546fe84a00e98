namespace Gtp.Firewall.Tunnels;

/// <summary>
/// One tunnel-table record, stored by value in the table's slot array (128 octets). "Serving" is the
/// SGSN/SGW side, "anchor" the GGSN/PGW side; uplink traffic goes to the anchor's user TEID. Addresses are
/// <see cref="NodeTable"/> ids.
/// </summary>
public struct Tunnel
{
    public ulong Imsi;
    public Packets.IpAddress128 EndUser;
    public long UplinkPackets;
    public long UplinkBytes;
    public long DownlinkPackets;
    public long DownlinkBytes;
    public long CreatedTicks;
    public long LastSeenTicks;
    public uint ServingControlTeid;
    public uint ServingUserTeid;
    public uint AnchorControlTeid;
    public uint AnchorUserTeid;
    public int ServingControlNode;
    public int ServingUserNode;
    public int AnchorControlNode;
    public int AnchorUserNode;
    /// <summary><see cref="ApnTable"/> id, 0 = unknown.</summary>
    public int ApnId;
    public uint Generation;
    /// <summary>Free list link while free.</summary>
    public int NextFree;
    public ushort UplinkSequence;
    public ushort DownlinkSequence;
    /// <summary>NSAPI (v0/v1) or EBI (v2).</summary>
    public byte Nsapi;
    /// <summary>The GTP version that created the tunnel (0, 1 or 2).</summary>
    public byte Version;
    public TunnelKind Kind;
    public TunnelFlags Flags;
}
