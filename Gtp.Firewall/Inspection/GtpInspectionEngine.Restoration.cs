using Gtp.Firewall.Gtp.V1;
using Gtp.Firewall.Gtp.V2;
using Gtp.Firewall.Tunnels;

namespace Gtp.Firewall.Inspection;

/// <summary>
/// Messages inspected with their request/response pairing but no tunnel rewrite: GTPv1 Initiate PDP Context
/// Activation (TS 29.060 §7.3.9/§7.3.10) and GTPv2 Delete PDN Connection Set (TS 29.274 §7.9.1/§7.9.2).
/// docs/gtp-firewall.md, "State changes", says why each changes what it does.
/// </summary>
public sealed partial class GtpInspectionEngine
{
    // §7.3.9: GGSN → SGSN, header TEID = the SGSN's TEID-C of the primary context, Linked NSAPI mandatory.
    private InspectionResult InitiatePdpContextActivationRequest(ref PacketContext p, uint teid, uint seq, in GtpV1Elements e)
    {
        var request = SessionPending(ref p, GtpV1MessageType.InitiatePdpContextActivationRequest, teid);
        if (request is null)
        {
            return Drop(ref p, DropReason.NoTunnel);
        }
        if (e.Nsapi < 0)
        {
            return Drop(ref p, DropReason.MandatoryIeMissing, request.Imsi);
        }
        // The Linked NSAPI names the primary context; it must be one the firewall holds for this subscriber.
        if (Tunnels.FindSubscriber(request.Imsi, (byte)e.Nsapi) < 0)
        {
            return Drop(ref p, DropReason.NoTunnel, request.Imsi);
        }
        return TryAddPending(ref p, seq, request) ? Permit(ref p) : Drop(ref p, DropReason.PendingRequestLimit);
    }

    // §7.3.10: the SGSN accepts; the secondary Create PDP Context Request that follows is inspected as any
    // secondary activation (it joins the primary's control TEIDs), so only the acceptance is counted.
    private InspectionResult InitiatePdpContextActivationResponse(ref PacketContext p, uint seq, in GtpV1Elements e)
    {
        var pending = TakePending(ref p, seq, GtpV1MessageType.InitiatePdpContextActivationRequest);
        if (pending is null)
        {
            return Drop(ref p, DropReason.UnmatchedResponse);
        }
        if (GtpV1IeType.IsAccepted(e.Cause) && IsLive(pending.Slot, pending.Generation))
        {
            Counters.CountStateChange(StateChange.SecondaryActivationInitiated);
        }
        return Permit(ref p);
    }

    // §7.9.1: MME/SGW/PGW → peer after a partial failure, header TEID 0, one or more FQ-CSIDs. The firewall keeps no
    // CSIDs per tunnel (the 136-octet record has no room), so it removes nothing: the peers delete those PDN
    // connections without further signalling and their tunnels leave by TunnelIdleTimeout.
    private InspectionResult DeletePdnConnectionSetRequest(ref PacketContext p, uint seq, ReadOnlySpan<byte> ies)
    {
        var csids = 0;
        var reader = new GtpV2IeReader(ies);
        while (reader.MoveNext())
        {
            if (reader.Type != GtpV2IeType.FqCsid)
            {
                continue;
            }
            if (!FullyQualifiedCsid.TryRead(reader.Value, out _))
            {
                return Drop(ref p, DropReason.IeMalformed);
            }
            csids++;
        }
        if (csids == 0)
        {
            return Drop(ref p, DropReason.MandatoryIeMissing);
        }
        var request = new PendingRequest
        {
            Protocol = p.Protocol,
            MessageType = GtpV2MessageType.DeletePdnConnectionSetRequest,
            CreatedTicks = _now,
            Profile = p.Profile,
        };
        return TryAddPending(ref p, seq, request) ? Permit(ref p) : Drop(ref p, DropReason.PendingRequestLimit);
    }

    private InspectionResult DeletePdnConnectionSetResponse(ref PacketContext p, uint seq)
        => TakePending(ref p, seq, GtpV2MessageType.DeletePdnConnectionSetRequest) is null
            ? Drop(ref p, DropReason.UnmatchedResponse)
            : Permit(ref p);
}
