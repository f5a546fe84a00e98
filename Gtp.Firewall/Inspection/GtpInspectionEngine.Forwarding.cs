using Gtp.Firewall.Packets;
using Gtp.Firewall.Tunnels;

namespace Gtp.Firewall.Inspection;

/// <summary>
/// Forwarding tunnels (docs/gtp-firewall.md, "Forwarding tunnels"): keyed by the receiving endpoint (address, TEID)
/// like any user-plane key; the anchor fields, unused by a forwarding tunnel otherwise, hold the sender expected
/// (the old side), and the serving control fields the session that set it up (Delete Indirect Data Forwarding Tunnel).
/// </summary>
public sealed partial class GtpInspectionEngine
{
    /// <summary>
    /// The sender of forwarded data is the old side of the handover: the subscriber's current context's serving
    /// user address (old SGSN/SGW user plane, or the source RNC with a direct tunnel, TS 23.060 §6.9.2.2) or its
    /// serving control address; when the firewall holds no context, the old node that took part in the signalling.
    /// </summary>
    private TunnelSpec OldSideSender(ulong imsi, byte nsapi, IpAddress128 oldNode)
    {
        var spec = new TunnelSpec { AnchorControl = oldNode };
        var slot = imsi == 0 ? -1 : Tunnels.FindSubscriber(imsi, nsapi);
        if (slot < 0 && imsi != 0)
        {
            slot = FindAnySubscriberContext(imsi);
        }
        if (slot >= 0)
        {
            ref var t = ref Tunnels.Slot(slot);
            spec.AnchorUser = Tunnels.Nodes[t.ServingUserNode];
            if (t.ServingControlNode != 0)
            {
                spec.AnchorControl = Tunnels.Nodes[t.ServingControlNode];
            }
        }
        return spec;
    }

    /// <summary>
    /// Adds a forwarding tunnel to (<paramref name="address"/>, <paramref name="teid"/>) accepting G-PDUs only from
    /// <paramref name="sender"/>'s anchor addresses; an endpoint already known is left as it is.
    /// </summary>
    private void AddForwardingTunnel(ForwardingSource source, byte version, ulong imsi, byte nsapi, IpAddress128 address, uint teid, TunnelSpec sender)
    {
        if (address.IsNone || (version != 0 && teid == 0))
        {
            return;
        }
        var existing = version == 0 ? Tunnels.FindV0Forwarding(address, (ushort)teid) : Tunnels.FindUser(address, teid);
        if (existing >= 0)
        {
            return;
        }
        sender.Imsi = imsi;
        sender.Nsapi = nsapi;
        sender.Version = version;
        sender.ServingUser = address;
        sender.ServingUserTeid = teid;
        if (AddTunnel(sender, TunnelKind.Forwarding) >= 0)
        {
            Counters.CountForwardingCreated(source);
        }
    }

    /// <summary>Removes a forwarding tunnel (End Marker, lifetime, Delete Indirect Data Forwarding Tunnel).</summary>
    private void RemoveForwardingTunnel(int slot, TunnelDeleteReason reason)
    {
        Tunnels.Remove(slot, reason);
        Counters.CountForwardingDeleted(reason);
        Counters.Tunnels = Tunnels.Count;
    }

    /// <summary>Forwarded data must come from the sender recorded when the tunnel was set up.</summary>
    private bool FromForwardingSender(ref PacketContext p, in Tunnel t) => FromPeer(ref p, t, uplink: false);
}
