using Gtp.Firewall.Gtp;
using Gtp.Firewall.Packets;

namespace Gtp.Firewall.Tunnels;

/// <summary>
/// A tunnel as signalled (addresses, not node ids): what a pending request proposes, or what a handover message
/// describes. Materialised into a <see cref="Tunnel"/> only when committed, so unanswered requests add no nodes.
/// </summary>
public struct TunnelSpec
{
    public ulong Imsi;
    public byte Nsapi;
    public byte Version;
    public IpAddress128 ServingControl;
    public uint ServingControlTeid;
    public IpAddress128 ServingUser;
    public uint ServingUserTeid;
    public IpAddress128 AnchorControl;
    public uint AnchorControlTeid;
    public IpAddress128 AnchorUser;
    public uint AnchorUserTeid;
    public IpAddress128 EndUser;
    public string? Apn;
    public bool HasChargingId;
    public uint ChargingId;
    public PdpType PdpType;

    /// <summary>True when both describe the same addresses and TEIDs (what the index keys and the tunnel check use).</summary>
    public readonly bool SameEndpoints(in TunnelSpec other)
        => ServingControl == other.ServingControl && ServingControlTeid == other.ServingControlTeid
            && ServingUser == other.ServingUser && ServingUserTeid == other.ServingUserTeid
            && AnchorControl == other.AnchorControl && AnchorControlTeid == other.AnchorControlTeid
            && AnchorUser == other.AnchorUser && AnchorUserTeid == other.AnchorUserTeid;

    public static TunnelSpec From(in Tunnel t, TunnelTable table) => From(t, table.Nodes, table.Apns);

    public static TunnelSpec From(in Tunnel t, NodeTable nodes, ApnTable apns) => new()
    {
        Imsi = t.Imsi,
        Nsapi = t.Nsapi,
        Version = t.Version,
        ServingControl = nodes[t.ServingControlNode],
        ServingControlTeid = t.ServingControlTeid,
        ServingUser = nodes[t.ServingUserNode],
        ServingUserTeid = t.ServingUserTeid,
        AnchorControl = nodes[t.AnchorControlNode],
        AnchorControlTeid = t.AnchorControlTeid,
        AnchorUser = nodes[t.AnchorUserNode],
        AnchorUserTeid = t.AnchorUserTeid,
        EndUser = t.EndUser,
        Apn = apns[t.ApnId],
        HasChargingId = (t.Flags & TunnelFlags.HasChargingId) != 0,
        ChargingId = t.ChargingId,
        PdpType = PdpTypeOf(t.Flags),
    };

    public static PdpType PdpTypeOf(TunnelFlags flags) => (PdpType)(((int)flags & (int)TunnelFlags.PdpTypeMask) >> 4);

    /// <summary>The charging flags (charging ID present, PDP type) a materialised tunnel starts with.</summary>
    public readonly TunnelFlags ChargingFlags
        => (HasChargingId ? TunnelFlags.HasChargingId : TunnelFlags.None) | (TunnelFlags)(((int)PdpType << 4) & (int)TunnelFlags.PdpTypeMask);

    public Tunnel Materialize(TunnelTable table, TunnelKind kind, long nowTicks) => Materialize(table.Nodes, table.Apns, kind, nowTicks);

    public Tunnel Materialize(NodeTable nodes, ApnTable apns, TunnelKind kind, long nowTicks) => new()
    {
        Kind = kind,
        Imsi = Imsi,
        Nsapi = Nsapi,
        Version = Version,
        ServingControlNode = nodes.GetOrAdd(ServingControl),
        ServingControlTeid = ServingControlTeid,
        ServingUserNode = nodes.GetOrAdd(ServingUser),
        ServingUserTeid = ServingUserTeid,
        AnchorControlNode = nodes.GetOrAdd(AnchorControl),
        AnchorControlTeid = AnchorControlTeid,
        AnchorUserNode = nodes.GetOrAdd(AnchorUser),
        AnchorUserTeid = AnchorUserTeid,
        EndUser = EndUser,
        ApnId = apns.GetOrAdd(Apn),
        CreatedTicks = nowTicks,
        LastSeenTicks = nowTicks,
        Flags = ChargingFlags,
        ChargingId = ChargingId,
        VolumeThreshold = long.MaxValue,
    };
}
