using Gtp.Firewall.Gtp.V1;
using Gtp.Firewall.Gtp.V2;
using Gtp.Firewall.Tunnels;

namespace Gtp.Firewall.Inspection;

/// <summary>
/// Restoration-related messages: GTPv1 Initiate PDP Context Activation (TS 29.060 §7.3.9/§7.3.10, paired, no tunnel
/// rewrite) and GTPv2 Delete PDN Connection Set (TS 29.274 §7.9.1/§7.9.2, removes the bearers of the listed CSIDs).
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

    // §7.9.1: MME/SGW/PGW → peer after a partial failure (TS 23.007 §16), header TEID 0, one or more FQ-CSIDs naming the
    // PDN connection sets of the failed node; an accepted response (§7.9.2) means the peer deleted those connections,
    // so the firewall removes the bearers set up with those CSIDs (PdnConnectionSets, filled from Create Session).
    private InspectionResult DeletePdnConnectionSetRequest(ref PacketContext p, uint seq, ReadOnlySpan<byte> ies)
    {
        List<PdnConnectionSetId>? csids = null;
        if (!ReadCsids(ies, ref csids))
        {
            return Drop(ref p, DropReason.IeMalformed);
        }
        if (csids is null)
        {
            return Drop(ref p, DropReason.MandatoryIeMissing);
        }
        var request = new PendingRequest
        {
            Protocol = p.Protocol,
            MessageType = GtpV2MessageType.DeletePdnConnectionSetRequest,
            CreatedTicks = _now,
            Profile = p.Profile,
            Csids = csids,
        };
        return TryAddPending(ref p, seq, request) ? Permit(ref p) : Drop(ref p, DropReason.PendingRequestLimit);
    }

    private InspectionResult DeletePdnConnectionSetResponse(ref PacketContext p, uint seq, in V2Elements e)
    {
        var pending = TakePending(ref p, seq, GtpV2MessageType.DeletePdnConnectionSetRequest);
        if (pending is null)
        {
            return Drop(ref p, DropReason.UnmatchedResponse);
        }
        if (GtpV2IeType.IsAccepted(e.Cause))
        {
            var removed = 0;
            foreach (var set in pending.Csids ?? [])
            {
                foreach (var id in PdnConnectionSets.Take(set.NodeType, set.Node, set.Csid))
                {
                    var slot = Tunnels.SlotOf(id);
                    if (slot >= 0 && Tunnels.Slot(slot).Kind == TunnelKind.Context)
                    {
                        RemoveTunnel(slot, TunnelDeleteReason.PdnConnectionSetDeleted);
                        removed++;
                    }
                }
            }
            if (removed > 0)
            {
                Counters.CountStateChange(StateChange.PdnConnectionSetDeleted);
            }
        }
        return Permit(ref p);
    }

    /// <summary>
    /// Adds every FQ-CSID entry of <paramref name="ies"/> (any instance: MME, SGW, PGW, ePDG, TWAN) to
    /// <paramref name="csids"/>, created on the first; false when one is malformed.
    /// </summary>
    private static bool ReadCsids(ReadOnlySpan<byte> ies, ref List<PdnConnectionSetId>? csids)
    {
        var reader = new GtpV2IeReader(ies);
        while (reader.MoveNext())
        {
            if (reader.Type != GtpV2IeType.FqCsid)
            {
                continue;
            }
            if (!FullyQualifiedCsid.TryRead(reader.Value, out var fq))
            {
                return false;
            }
            csids ??= new List<PdnConnectionSetId>(2);
            for (var i = 0; i < fq.CsidCount; i++)
            {
                csids.Add(new PdnConnectionSetId(fq.NodeType, fq.NodeId, FullyQualifiedCsid.CsidAt(reader.Value, i)));
            }
        }
        return true;
    }
}
