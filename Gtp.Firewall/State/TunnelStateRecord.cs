using Gtp.Firewall.Packets;
using Gtp.Firewall.Tunnels;

namespace Gtp.Firewall.State;

/// <summary>
/// One persisted tunnel: the whole <see cref="Tunnel"/> struct (any <see cref="TunnelKind"/>), with its node and APN ids
/// replaced by the real addresses and APN text (ids are interned per process and mean nothing in another one), plus
/// its open usage record when charging has one.
/// </summary>
public sealed record TunnelStateRecord(
    int Slot,
    Tunnel Tunnel,
    IpAddress128 ServingControl,
    IpAddress128 ServingUser,
    IpAddress128 AnchorControl,
    IpAddress128 AnchorUser,
    string? Apn,
    OpenRecordState? Open)
{
    /// <summary>The tunnel as <paramref name="table"/> stores it: addresses and APN interned into its tables.</summary>
    public Tunnel Intern(TunnelTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var t = Tunnel;
        t.ServingControlNode = table.Nodes.GetOrAdd(ServingControl);
        t.ServingUserNode = table.Nodes.GetOrAdd(ServingUser);
        t.AnchorControlNode = table.Nodes.GetOrAdd(AnchorControl);
        t.AnchorUserNode = table.Nodes.GetOrAdd(AnchorUser);
        t.ApnId = table.Apns.GetOrAdd(Apn);
        return t;
    }
}
