using Gtp.Firewall.Gtp.V2;
using Gtp.Firewall.Packets;
using Gtp.Firewall.Tunnels;

namespace Gtp.Firewall.Inspection;

/// <summary>
/// GTPv2 bearer messages that change an existing session's user plane: Update Bearer (TS 29.274 §7.2.15/§7.2.16)
/// and Release Access Bearers (§7.2.21.1/§7.2.22). docs/gtp-firewall.md, "State changes".
/// </summary>
public sealed partial class GtpInspectionEngine
{
    // §7.2.15: PGW → SGW → MME/SGSN, header TEID = the receiver's control TEID of the session.
    // The Bearer QoS of each bearer context and the APN-AMBR are kept for charging (docs/firewall-design.md).
    private InspectionResult UpdateBearerRequest(ref PacketContext p, uint teid, uint seq, ReadOnlySpan<byte> ies)
    {
        var request = SessionPending(ref p, GtpV2MessageType.UpdateBearerRequest, teid);
        if (request is null)
        {
            return Drop(ref p, DropReason.NoTunnel);
        }
        if (CaptureV2(ies, request, perBearer: true) != DropReason.None)
        {
            return Drop(ref p, DropReason.IeMalformed, request.Imsi);
        }
        return TryAddPending(ref p, seq, request) ? Permit(ref p) : Drop(ref p, DropReason.PendingRequestLimit);
    }

    // §7.2.16: each accepted Bearer Context may carry the S4-U SGSN F-TEID (inst 0) or S12 RNC F-TEID (inst 1):
    // the serving side's new user endpoint for that bearer.
    private InspectionResult UpdateBearerResponse(ref PacketContext p, uint seq, ReadOnlySpan<byte> ies, in V2Elements e)
    {
        var pending = TakePending(ref p, seq, GtpV2MessageType.UpdateBearerRequest);
        if (pending is null)
        {
            return Drop(ref p, DropReason.UnmatchedResponse);
        }
        var bearers = new List<BearerContext>();
        var status = ReadBearers(ies, instance: 0, preferredFTeidInstance: 0, bearers);
        if (status != DropReason.None)
        {
            return Drop(ref p, status, pending.Imsi);
        }
        Span<int> slots = stackalloc int[16];
        var n = AcceptedSessionContexts(pending, e.Cause, slots);
        for (var i = 0; i < n; i++)
        {
            ref var t = ref Tunnels.Slot(slots[i]);
            foreach (var b in bearers)
            {
                if (b.Ebi != t.Nsapi || !b.Accepted || !b.HasUserFTeid)
                {
                    continue;
                }
                var spec = TunnelSpec.From(t, Tunnels);
                if (spec.ServingUser == b.UserFTeid.Address && spec.ServingUserTeid == b.UserFTeid.Teid)
                {
                    continue;
                }
                spec.ServingUser = b.UserFTeid.Address;
                spec.ServingUserTeid = b.UserFTeid.Teid;
                UpdateTunnel(slots[i], spec);
                Counters.CountStateChange(StateChange.BearerUpdated);
            }
            SubscriberChanged(slots[i], pending);
        }
        return Permit(ref p);
    }

    // §7.2.21.1: MME/SGSN → SGW, header TEID = the SGW's S11/S4 TEID; no bearer IEs: all bearers of the UE.
    private InspectionResult ReleaseAccessBearersRequest(ref PacketContext p, uint teid, uint seq)
        => SessionRequest(ref p, GtpV2MessageType.ReleaseAccessBearersRequest, teid, seq);

    // §7.2.22: accepted → the SGW has released the S1-U/Iu-U/S12 endpoints (idle mode): the serving user side of
    // every bearer of the session is cleared, so downlink to the old eNodeB TEID stops; the bearers stay.
    private InspectionResult ReleaseAccessBearersResponse(ref PacketContext p, uint seq, in V2Elements e)
    {
        var pending = TakePending(ref p, seq, GtpV2MessageType.ReleaseAccessBearersRequest);
        if (pending is null)
        {
            return Drop(ref p, DropReason.UnmatchedResponse);
        }
        Span<int> slots = stackalloc int[16];
        var n = AcceptedSessionContexts(pending, e.Cause, slots);
        for (var i = 0; i < n; i++)
        {
            var spec = TunnelSpec.From(Tunnels.Slot(slots[i]), Tunnels);
            if (spec.ServingUser.IsNone)
            {
                continue;
            }
            spec.ServingUser = IpAddress128.None;
            spec.ServingUserTeid = 0;
            UpdateTunnel(slots[i], spec);
        }
        if (n > 0)
        {
            Counters.CountStateChange(StateChange.AccessBearersReleased);
        }
        return Permit(ref p);
    }

    /// <summary>A request acting on the session whose control key is (destination, header TEID), answered later.</summary>
    private InspectionResult SessionRequest(ref PacketContext p, byte type, uint teid, uint seq)
    {
        var request = SessionPending(ref p, type, teid);
        if (request is null)
        {
            return Drop(ref p, DropReason.NoTunnel);
        }
        return TryAddPending(ref p, seq, request) ? Permit(ref p) : Drop(ref p, DropReason.PendingRequestLimit);
    }

    /// <summary>The pending request for the session at (destination, header TEID), or null when there is none.</summary>
    private PendingRequest? SessionPending(ref PacketContext p, byte type, uint teid)
    {
        var head = Tunnels.FindControl(p.Destination, teid);
        if (head < 0)
        {
            return null;
        }
        ref var t = ref Tunnels.Slot(head);
        return new PendingRequest
        {
            Protocol = p.Protocol,
            MessageType = type,
            CreatedTicks = _now,
            Profile = p.Profile,
            Slot = head,
            Generation = t.Generation,
            Imsi = t.Imsi,
        };
    }
}
