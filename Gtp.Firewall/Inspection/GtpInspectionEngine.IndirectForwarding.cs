using Gtp.Firewall.Gtp;
using Gtp.Firewall.Gtp.V2;
using Gtp.Firewall.Packets;
using Gtp.Firewall.Tunnels;

namespace Gtp.Firewall.Inspection;

/// <summary>
/// GTPv2 indirect data forwarding (TS 29.274 §7.2.18-§7.2.21, TS 23.401 §5.5.1.2.2): the MME/SGSN asks an SGW for
/// forwarding endpoints; the forwarding tunnels are tagged with the session (SGW control address, TEID) the
/// Delete Indirect Data Forwarding Tunnel names. docs/gtp-firewall.md, "Indirect data forwarding".
/// </summary>
public sealed partial class GtpInspectionEngine
{
    // §7.2.18: MME/SGSN → SGW, header TEID = the SGW's S11/S4 TEID (0 when the SGW holds no session for the UE).
    private InspectionResult CreateIndirectForwardingRequest(ref PacketContext p, uint teid, uint seq, ReadOnlySpan<byte> ies)
    {
        var named = new List<ForwardingFTeid>();
        var status = ForwardingFTeid.ReadAll(ies, named);
        if (status != DropReason.None)
        {
            return Drop(ref p, status);
        }
        var head = teid == 0 ? -1 : Tunnels.FindControl(p.Destination, teid);
        var request = new PendingRequest
        {
            Protocol = p.Protocol,
            MessageType = GtpV2MessageType.CreateIndirectDataForwardingTunnelRequest,
            CreatedTicks = _now,
            Profile = p.Profile,
            Imsi = head >= 0 ? Tunnels.Slot(head).Imsi : 0,
            Proposed = new TunnelSpec { ServingControl = p.Destination, ServingControlTeid = teid },
            Forwarding = named,
        };
        return TryAddPending(ref p, seq, request) ? Permit(ref p) : Drop(ref p, DropReason.PendingRequestLimit);
    }

    // §7.2.19: SGW → MME/SGSN. The response's F-TEIDs are the SGW's endpoints (data from the old side of the UE:
    // the source eNodeB/RNC/SGSN, or the source SGW); the request's are the next hop's, fed by this SGW.
    private InspectionResult CreateIndirectForwardingResponse(ref PacketContext p, uint seq, ReadOnlySpan<byte> ies, in V2Elements e)
    {
        var pending = TakePending(ref p, seq, GtpV2MessageType.CreateIndirectDataForwardingTunnelRequest);
        if (pending is null)
        {
            return Drop(ref p, DropReason.UnmatchedResponse);
        }
        var own = new List<ForwardingFTeid>();
        var status = ForwardingFTeid.ReadAll(ies, own);
        if (status != DropReason.None)
        {
            return Drop(ref p, status, pending.Imsi);
        }
        if (!GtpV2IeType.IsAccepted(e.Cause))
        {
            return Permit(ref p);
        }
        // The session the Delete names: the request's header TEID, else the SGW's Sender F-TEID (§7.2.19).
        var session = pending.Proposed;
        if (session.ServingControlTeid == 0 && e.HasSenderFTeid)
        {
            session.ServingControl = e.SenderFTeid.Address;
            session.ServingControlTeid = e.SenderFTeid.Teid;
        }
        foreach (var f in own)
        {
            var sender = pending.Imsi == 0 ? default : OldSideSender(pending.Imsi, f.Ebi, IpAddress128.None);
            sender.ServingControl = session.ServingControl;
            sender.ServingControlTeid = session.ServingControlTeid;
            AddForwardingTunnel(ForwardingSource.IndirectDataForwarding, V2, pending.Imsi, f.Ebi, f.FTeid.Address, f.FTeid.Teid, sender);
        }
        foreach (var f in pending.Forwarding ?? [])
        {
            // This SGW sends to these: its control address and the user address of its own endpoint for the bearer.
            var sender = new TunnelSpec
            {
                AnchorControl = p.Source,
                AnchorUser = own.Find(o => o.Ebi == f.Ebi).FTeid.Address,
                ServingControl = session.ServingControl,
                ServingControlTeid = session.ServingControlTeid,
            };
            var existing = Tunnels.FindUser(f.FTeid.Address, f.FTeid.Teid);
            if (existing >= 0 && Tunnels.Slot(existing).Kind == TunnelKind.Forwarding)
            {
                // Set up earlier by the other side's response (the target SGW's endpoint): its sender is known now.
                ref var t = ref Tunnels.Slot(existing);
                t.AnchorControlNode = Tunnels.Nodes.GetOrAdd(sender.AnchorControl);
                t.AnchorUserNode = Tunnels.Nodes.GetOrAdd(sender.AnchorUser);
                continue;
            }
            AddForwardingTunnel(ForwardingSource.IndirectDataForwarding, V2, pending.Imsi, f.Ebi, f.FTeid.Address, f.FTeid.Teid, sender);
        }
        return Permit(ref p);
    }

    // §7.2.20: no IEs but Private Extension; the header TEID names the session at the SGW.
    private InspectionResult DeleteIndirectForwardingRequest(ref PacketContext p, uint teid, uint seq)
    {
        var request = new PendingRequest
        {
            Protocol = p.Protocol,
            MessageType = GtpV2MessageType.DeleteIndirectDataForwardingTunnelRequest,
            CreatedTicks = _now,
            Profile = p.Profile,
            Proposed = new TunnelSpec { ServingControl = p.Destination, ServingControlTeid = teid },
        };
        return TryAddPending(ref p, seq, request) ? Permit(ref p) : Drop(ref p, DropReason.PendingRequestLimit);
    }

    // §7.2.21: accepted → the session's forwarding tunnels go (they would otherwise live ForwardingTunnelLifetime).
    private InspectionResult DeleteIndirectForwardingResponse(ref PacketContext p, uint seq, in V2Elements e)
    {
        var pending = TakePending(ref p, seq, GtpV2MessageType.DeleteIndirectDataForwardingTunnelRequest);
        if (pending is null)
        {
            return Drop(ref p, DropReason.UnmatchedResponse);
        }
        if (GtpV2IeType.IsAccepted(e.Cause))
        {
            var node = Tunnels.Nodes.Find(pending.Proposed.ServingControl);
            var removed = Tunnels.RemoveForwardingOfSession(node, pending.Proposed.ServingControlTeid, TunnelDeleteReason.IndirectForwardingDeleted);
            Counters.CountForwardingDeleted(TunnelDeleteReason.IndirectForwardingDeleted, removed);
            Counters.CountStateChange(StateChange.IndirectForwardingDeleted);
            Counters.Tunnels = Tunnels.Count;
        }
        return Permit(ref p);
    }
}
