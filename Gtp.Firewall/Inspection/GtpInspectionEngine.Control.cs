using Gtp.Firewall.Gtp;
using Gtp.Firewall.Gtp.V0;
using Gtp.Firewall.Gtp.V1;
using Gtp.Firewall.Handover;
using Gtp.Firewall.Packets;
using Gtp.Firewall.Tunnels;

namespace Gtp.Firewall.Inspection;

/// <summary>GTPv0 (TS 09.60) and GTPv1-C (TS 29.060) control-plane inspection.</summary>
public sealed partial class GtpInspectionEngine
{
    private const byte V1 = 1;

    private InspectionResult InspectV0(ref PacketContext p, ReadOnlySpan<byte> payload)
    {
        var status = GtpV0Header.TryRead(payload, out var header);
        if (status != DropReason.None)
        {
            return Drop(ref p, status);
        }
        p.Sequence = header.SequenceNumber;
        if (!GtpV0MessageType.IsKnown(header.MessageType))
        {
            return Drop(ref p, DropReason.UnknownMessageType);
        }
        if (header.MessageType == GtpV0MessageType.TPdu)
        {
            return InspectV0TPdu(ref p, header, payload.Length - GtpV0Header.Size);
        }
        var ies = payload.Slice(GtpV0Header.Size);
        status = GtpV1Elements.Parse(ies, v0: true, out var e);
        if (status != DropReason.None)
        {
            return Drop(ref p, status);
        }
        CheckRecovery(ref p, e.Recovery);
        return InspectV0V1Control(ref p, header.MessageType, 0, header.Tid, header.SequenceNumber, ies, e);
    }

    private InspectionResult InspectV1Control(ref PacketContext p, ReadOnlySpan<byte> payload)
    {
        var status = GtpV1Header.TryRead(payload, out var header);
        if (status != DropReason.None)
        {
            return Drop(ref p, status);
        }
        p.Teid = header.Teid;
        p.Sequence = header.SequenceNumber;
        if (!header.HasSequence)
        {
            // TS 29.060 §6: GTP-C always carries a sequence number (S = 1).
            return Drop(ref p, DropReason.GtpHeaderMalformed);
        }
        if (!GtpV1MessageType.IsKnown(header.MessageType))
        {
            return Drop(ref p, DropReason.UnknownMessageType);
        }
        var ies = payload.Slice(header.HeaderLength);
        status = GtpV1Elements.Parse(ies, v0: false, out var e);
        if (status != DropReason.None)
        {
            return Drop(ref p, status);
        }
        CheckRecovery(ref p, e.Recovery);
        return InspectV0V1Control(ref p, header.MessageType, header.Teid, 0, header.SequenceNumber, ies, e);
    }

    /// <summary>Shared v0/v1 control logic; v0 is identified by its TID, v1 by the header TEID.</summary>
    private InspectionResult InspectV0V1Control(ref PacketContext p, byte type, uint teid, ulong tid, uint seq, ReadOnlySpan<byte> ies, in GtpV1Elements e)
    {
        var v0 = p.Protocol == GtpProtocol.V0;
        if (ReusesPendingSequence(ref p, seq, type))
        {
            return Drop(ref p, DropReason.SequenceNumberInvalid);
        }
        if (CheckRateLimits(ref p, e.Apn) is var limited && limited != DropReason.None)
        {
            return RateLimited(ref p, limited);
        }
        switch (type)
        {
            case GtpV1MessageType.CreatePdpContextRequest:
                return CreatePdpRequest(ref p, v0, teid, tid, seq, ies, e);
            case GtpV1MessageType.CreatePdpContextResponse:
                return CreatePdpResponse(ref p, v0, seq, ies, e);
            case GtpV1MessageType.UpdatePdpContextRequest:
                return UpdatePdpRequest(ref p, v0, teid, tid, seq, ies, e);
            case GtpV1MessageType.UpdatePdpContextResponse:
                return UpdatePdpResponse(ref p, v0, seq, ies, e);
            case GtpV1MessageType.DeletePdpContextRequest:
                return DeletePdpRequest(ref p, v0, teid, tid, seq, e);
            case GtpV1MessageType.DeletePdpContextResponse:
            {
                var pending = TakePending(ref p, seq);
                if (pending is null)
                {
                    return Drop(ref p, DropReason.UnmatchedResponse);
                }
                if (GtpV1IeType.IsAccepted(e.Cause) && IsLive(pending.Slot, pending.Generation))
                {
                    RemoveTunnel(pending.Slot, TunnelDeleteReason.Deleted);
                }
                return Permit(ref p);
            }
            case GtpV1MessageType.InitiatePdpContextActivationRequest when !v0:
                return InitiatePdpContextActivationRequest(ref p, teid, seq, e);
            case GtpV1MessageType.InitiatePdpContextActivationResponse when !v0:
                return InitiatePdpContextActivationResponse(ref p, seq, e);
            case GtpV1MessageType.SgsnContextRequest:
                return SgsnContextRequest(ref p, seq, e);
            case GtpV1MessageType.SgsnContextResponse:
                return SgsnContextResponse(ref p, v0, seq, ies, e);
            case GtpV1MessageType.SgsnContextAcknowledge:
                return SgsnContextAcknowledge(ref p, v0, seq, e);
            case GtpV1MessageType.ForwardRelocationRequest:
                return ForwardRelocationRequest(ref p, seq, ies, e);
            case GtpV1MessageType.ForwardRelocationResponse:
                return ForwardRelocationResponse(ref p, seq, ies, e);
            case GtpV1MessageType.ForwardRelocationComplete:
            case GtpV1MessageType.RelocationCancelResponse:
            case GtpV1MessageType.ForwardSrnsContextAcknowledge:
                return HandoverOnly(ref p, sourceIsOld: false, e);
            case GtpV1MessageType.ForwardRelocationCompleteAcknowledge:
            case GtpV1MessageType.RelocationCancelRequest:
            case GtpV1MessageType.ForwardSrnsContext:
                return HandoverOnly(ref p, sourceIsOld: true, e);
            default:
                return Permit(ref p);
        }
    }

    private InspectionResult HandoverOnly(ref PacketContext p, bool sourceIsOld, in GtpV1Elements e)
        => DecideHandoverMessage(ref p, sourceIsOld, e.HasImsi ? e.Imsi : 0) == HandoverDecision.Denied
            ? Drop(ref p, DropReason.HandoverDenied)
            : Permit(ref p);

    // TS 29.060 §7.3.1 / TS 09.60 §7.5.1: SGSN → GGSN; GSN Addresses: signalling, then user traffic.
    private InspectionResult CreatePdpRequest(ref PacketContext p, bool v0, uint teid, ulong tid, uint seq, ReadOnlySpan<byte> ies, in GtpV1Elements e)
    {
        ulong imsi;
        byte nsapi;
        if (v0)
        {
            if (tid == 0)
            {
                return Drop(ref p, DropReason.InvalidTid);
            }
            imsi = Tid.Imsi(tid);
            nsapi = Tid.Nsapi(tid);
        }
        else
        {
            if (e.Nsapi < 0 || !e.HasTeidDataI)
            {
                return Drop(ref p, DropReason.MandatoryIeMissing);
            }
            nsapi = (byte)e.Nsapi;
            if (e.HasImsi)
            {
                imsi = e.Imsi;
            }
            else
            {
                // Secondary PDP context: no IMSI, header TEID = the GGSN's TEID-C of the primary.
                var primary = teid != 0 ? Tunnels.FindControl(p.Destination, teid) : -1;
                if (primary < 0)
                {
                    return Drop(ref p, DropReason.MandatoryIeMissing);
                }
                imsi = Tunnels.Slot(primary).Imsi;
            }
        }
        if (e.GsnAddressCount < 1)
        {
            return Drop(ref p, DropReason.MandatoryIeMissing);
        }
        if (FilterApn(ref p, e.Apn, imsi, ies) is var filtered && filtered != DropReason.None)
        {
            return Drop(ref p, filtered, imsi);
        }
        // A request that replaces the subscriber's context adds none.
        if (Tunnels.FindSubscriber(imsi, nsapi) < 0 && CheckTunnelLimit(ref p, e.GsnAddress0) is var full && full != DropReason.None)
        {
            return Drop(ref p, full, imsi);
        }
        var request = new PendingRequest
        {
            Protocol = p.Protocol,
            MessageType = GtpV1MessageType.CreatePdpContextRequest,
            CreatedTicks = _now,
            Profile = p.Profile,
            Imsi = imsi,
            Proposed = new TunnelSpec
            {
                Imsi = imsi,
                Nsapi = nsapi,
                Version = v0 ? (byte)0 : V1,
                ServingControl = e.GsnAddress0,
                ServingControlTeid = e.TeidControl,
                ServingUser = e.GsnAddressCount > 1 ? e.GsnAddress1 : e.GsnAddress0,
                ServingUserTeid = e.TeidDataI,
                EndUser = e.EndUser,
                Apn = e.Apn,
                PdpType = e.PdpType,
            },
        };
        if (CaptureV1(ies, v0, request) != DropReason.None)
        {
            return Drop(ref p, DropReason.IeMalformed, imsi);
        }
        return TryAddPending(ref p, seq, request) ? Permit(ref p) : Drop(ref p, DropReason.PendingRequestLimit);
    }

    private InspectionResult CreatePdpResponse(ref PacketContext p, bool v0, uint seq, ReadOnlySpan<byte> ies, in GtpV1Elements e)
    {
        var pending = TakePending(ref p, seq, GtpV1MessageType.CreatePdpContextRequest);
        if (pending is null)
        {
            return Drop(ref p, DropReason.UnmatchedResponse);
        }
        if (!GtpV1IeType.IsAccepted(e.Cause))
        {
            return Permit(ref p);
        }
        if (e.GsnAddressCount < 1 || (!v0 && !e.HasTeidDataI))
        {
            return Drop(ref p, DropReason.MandatoryIeMissing, pending.Imsi);
        }
        var spec = pending.Proposed;
        spec.AnchorControl = e.GsnAddress0;
        spec.AnchorControlTeid = e.TeidControl;
        spec.AnchorUser = e.GsnAddressCount > 1 ? e.GsnAddress1 : e.GsnAddress0;
        spec.AnchorUserTeid = e.TeidDataI;
        if (!e.EndUser.IsNone)
        {
            spec.EndUser = e.EndUser;
        }
        if (e.PdpType != PdpType.Unknown)
        {
            spec.PdpType = e.PdpType;
        }
        // TS 29.060 §7.7.26: the GGSN's Charging ID, unique together with the GGSN address.
        spec.HasChargingId = e.HasChargingId;
        spec.ChargingId = e.ChargingId;
        if (!v0 && !e.HasTeidControl)
        {
            // Secondary context: the GGSN keeps the primary's TEID-C.
            var sibling = Tunnels.FindSubscriber(spec.Imsi, spec.Nsapi) is var s && s >= 0 ? s : FindAnySubscriberContext(spec.Imsi);
            if (sibling >= 0)
            {
                spec.AnchorControlTeid = Tunnels.Slot(sibling).AnchorControlTeid;
            }
        }
        var slot = AddTunnel(spec, TunnelKind.Context);
        if (slot < 0)
        {
            return Drop(ref p, DropReason.TunnelLimit, spec.Imsi);
        }
        NegotiatedQosV1(pending, ies, v0);
        SubscriberCaptured(slot, pending.Subscriber);
        return Permit(ref p);
    }

    private int FindAnySubscriberContext(ulong imsi)
    {
        Span<int> slots = stackalloc int[16];
        return Tunnels.FindSubscriberContexts(imsi, slots) > 0 ? slots[0] : -1;
    }

    /// <summary>The context a v0 (TID) or v1 (header TEID-C, else IMSI + NSAPI) message refers to, or -1.</summary>
    private int FindContext(ref PacketContext p, bool v0, uint teid, ulong tid, in GtpV1Elements e)
    {
        if (v0)
        {
            return tid == 0 ? -1 : Tunnels.FindSubscriber(Tid.Imsi(tid), Tid.Nsapi(tid));
        }
        int slot;
        if (teid != 0)
        {
            slot = Tunnels.FindControl(p.Destination, teid);
        }
        else if (e.HasImsi && e.Nsapi >= 0)
        {
            // TS 29.060 §7.3.3: TEID 0 + IMSI when the context came from a GTPv0 SGSN.
            return Tunnels.FindSubscriber(e.Imsi, (byte)e.Nsapi);
        }
        else
        {
            return -1;
        }
        if (slot >= 0 && e.Nsapi >= 0)
        {
            // The TEID-C may be shared by the subscriber's contexts; the NSAPI selects one.
            var exact = Tunnels.FindSubscriber(Tunnels.Slot(slot).Imsi, (byte)e.Nsapi);
            if (exact >= 0)
            {
                slot = exact;
            }
        }
        return slot;
    }

    // TS 29.060 §7.3.3: SGSN-initiated (to the GGSN's TEID-C) may move the context to a new SGSN.
    private InspectionResult UpdatePdpRequest(ref PacketContext p, bool v0, uint teid, ulong tid, uint seq, ReadOnlySpan<byte> ies, in GtpV1Elements e)
    {
        var slot = FindContext(ref p, v0, teid, tid, e);
        if (slot < 0)
        {
            return Drop(ref p, v0 ? DropReason.InvalidTid : DropReason.NoTunnel, e.HasImsi ? e.Imsi : 0);
        }
        ref var t = ref Tunnels.Slot(slot);
        if (!v0 && t.Version == 0)
        {
            return Drop(ref p, DropReason.VersionMismatch, t.Imsi);
        }
        var current = TunnelSpec.From(t, Tunnels);
        var proposed = current;
        var towardAnchor = v0 ? p.Destination == current.AnchorControl || p.Destination == current.AnchorUser : p.Destination == current.AnchorControl && teid == current.AnchorControlTeid;
        if (towardAnchor)
        {
            proposed.ServingControl = e.GsnAddressCount > 0 ? e.GsnAddress0 : p.Source;
            proposed.ServingUser = e.GsnAddressCount > 1 ? e.GsnAddress1 : proposed.ServingControl;
            if (e.HasTeidControl)
            {
                proposed.ServingControlTeid = e.TeidControl;
            }
            if (e.HasTeidDataI)
            {
                proposed.ServingUserTeid = e.TeidDataI;
            }
            if (proposed.ServingControl != current.ServingControl
                && DecideHandover(ref p, current.ServingControl, proposed.ServingControl, t.Imsi) == HandoverDecision.Denied)
            {
                // Denied: the context stays bound to the current SGSN.
                return Drop(ref p, DropReason.HandoverDenied, t.Imsi);
            }
        }
        var request = new PendingRequest
        {
            Protocol = p.Protocol,
            MessageType = GtpV1MessageType.UpdatePdpContextRequest,
            CreatedTicks = _now,
            Profile = p.Profile,
            Slot = slot,
            Generation = t.Generation,
            Imsi = t.Imsi,
            Proposed = proposed,
        };
        if (CaptureV1(ies, v0, request) != DropReason.None)
        {
            return Drop(ref p, DropReason.IeMalformed, t.Imsi);
        }
        return TryAddPending(ref p, seq, request) ? Permit(ref p) : Drop(ref p, DropReason.PendingRequestLimit);
    }

    private InspectionResult UpdatePdpResponse(ref PacketContext p, bool v0, uint seq, ReadOnlySpan<byte> ies, in GtpV1Elements e)
    {
        var pending = TakePending(ref p, seq, GtpV1MessageType.UpdatePdpContextRequest);
        if (pending is null)
        {
            return Drop(ref p, DropReason.UnmatchedResponse);
        }
        if (!GtpV1IeType.IsAccepted(e.Cause) || !IsLive(pending.Slot, pending.Generation))
        {
            return Permit(ref p);
        }
        var spec = pending.Proposed;
        var fromAnchor = p.Source == spec.AnchorControl || e.GsnAddressCount == 0;
        if (fromAnchor && e.GsnAddressCount > 0)
        {
            // The GGSN may move its own side too (GSN Addresses: control, user).
            spec.AnchorControl = e.GsnAddress0;
            spec.AnchorUser = e.GsnAddressCount > 1 ? e.GsnAddress1 : e.GsnAddress0;
            if (e.HasTeidControl)
            {
                spec.AnchorControlTeid = e.TeidControl;
            }
            if (e.HasTeidDataI)
            {
                spec.AnchorUserTeid = e.TeidDataI;
            }
        }
        if (!spec.SameEndpoints(TunnelSpec.From(Tunnels.Slot(pending.Slot), Tunnels)))
        {
            UpdateTunnel(pending.Slot, spec);
        }
        else
        {
            Tunnels.Slot(pending.Slot).LastSeenTicks = _now;
        }
        NegotiatedQosV1(pending, ies, v0);
        SubscriberChanged(pending.Slot, pending);
        return Permit(ref p);
    }

    private InspectionResult DeletePdpRequest(ref PacketContext p, bool v0, uint teid, ulong tid, uint seq, in GtpV1Elements e)
    {
        var slot = FindContext(ref p, v0, teid, tid, e);
        if (slot < 0)
        {
            return Drop(ref p, v0 ? DropReason.InvalidTid : DropReason.NoTunnel);
        }
        ref var t = ref Tunnels.Slot(slot);
        if (!v0 && t.Version == 0)
        {
            return Drop(ref p, DropReason.VersionMismatch, t.Imsi);
        }
        var request = new PendingRequest
        {
            Protocol = p.Protocol,
            MessageType = GtpV1MessageType.DeletePdpContextRequest,
            CreatedTicks = _now,
            Slot = slot,
            Generation = t.Generation,
            Imsi = t.Imsi,
        };
        return TryAddPending(ref p, seq, request) ? Permit(ref p) : Drop(ref p, DropReason.PendingRequestLimit);
    }

    // TS 29.060 §7.5.3: new SGSN → old SGSN.
    private InspectionResult SgsnContextRequest(ref PacketContext p, uint seq, in GtpV1Elements e)
    {
        var imsi = e.HasImsi ? e.Imsi : 0;
        if (DecideHandoverMessage(ref p, sourceIsOld: false, imsi) == HandoverDecision.Denied)
        {
            return Drop(ref p, DropReason.HandoverDenied, imsi);
        }
        var request = new PendingRequest
        {
            Protocol = p.Protocol,
            MessageType = GtpV1MessageType.SgsnContextRequest,
            CreatedTicks = _now,
            Profile = p.Profile,
            Imsi = imsi,
        };
        return TryAddPending(ref p, seq, request) ? Permit(ref p) : Drop(ref p, DropReason.PendingRequestLimit);
    }

    // TS 29.060 §7.5.4: old SGSN → new SGSN with IMSI, MM Context and the PDP Contexts.
    private InspectionResult SgsnContextResponse(ref PacketContext p, bool v0, uint seq, ReadOnlySpan<byte> ies, in GtpV1Elements e)
    {
        var pending = TakePending(ref p, seq, keep: true);
        if (pending is null || pending.MessageType != GtpV1MessageType.SgsnContextRequest)
        {
            return Drop(ref p, DropReason.UnmatchedResponse);
        }
        var imsi = e.HasImsi ? e.Imsi : pending.Imsi;
        if (DecideHandoverMessage(ref p, sourceIsOld: true, imsi) == HandoverDecision.Denied)
        {
            return Drop(ref p, DropReason.HandoverDenied, imsi);
        }
        if (!GtpV1IeType.IsAccepted(e.Cause))
        {
            return Permit(ref p);
        }
        pending.Imsi = imsi;
        if (!p.Profile.HandoverOnRoamingInterface)
        {
            return Permit(ref p);
        }
        if (!e.HasImsi)
        {
            return Drop(ref p, DropReason.MandatoryIeMissing);
        }
        var contexts = new List<TunnelSpec>();
        var status = ReadPdpContexts(v0, ies, imsi, p.Source, contexts);
        if (status != DropReason.None)
        {
            return Drop(ref p, status, imsi);
        }
        if (!HasRoomFor(contexts))
        {
            return Drop(ref p, DropReason.TunnelLimit, imsi);
        }
        foreach (var spec in contexts)
        {
            if (Tunnels.FindSubscriber(spec.Imsi, spec.Nsapi) < 0)
            {
                AddTunnel(spec, TunnelKind.Context, TunnelFlags.FromHandover);
            }
        }
        return Permit(ref p);
    }

    /// <summary>
    /// Parses every PDP Context IE into a context whose serving side is <paramref name="oldServing"/> (user TEIDs
    /// are not in the IE) and whose anchor is the GGSN. Fails on a malformed IE, or when a GTPv1 message would
    /// update a context made by GTPv0.
    /// </summary>
    private DropReason ReadPdpContexts(bool v0, ReadOnlySpan<byte> ies, ulong imsi, IpAddress128 oldServing, List<TunnelSpec> contexts)
    {
        var reader = new GtpV1IeReader(ies, v0);
        while (reader.MoveNext())
        {
            if (reader.Type != GtpV1IeType.PdpContext)
            {
                continue;
            }
            if (!PdpContext.TryParse(reader.Value, v0, out var pdp))
            {
                return DropReason.IeMalformed;
            }
            var existing = Tunnels.FindSubscriber(imsi, pdp.Nsapi);
            if (!v0 && existing >= 0 && Tunnels.Slot(existing).Version == 0)
            {
                return DropReason.VersionMismatch;
            }
            contexts.Add(new TunnelSpec
            {
                Imsi = imsi,
                Nsapi = pdp.Nsapi,
                Version = v0 ? (byte)0 : V1,
                ServingControl = oldServing,
                AnchorControl = pdp.GgsnControl,
                AnchorControlTeid = pdp.UplinkTeidControl,
                AnchorUser = pdp.GgsnUser,
                AnchorUserTeid = pdp.UplinkTeidData,
                EndUser = pdp.EndUser,
                Apn = pdp.Apn,
            });
        }
        return reader.Status;
    }

    // TS 29.060 §7.5.5: new SGSN → old SGSN; TEID Data II + SGSN Address for user traffic = forwarding tunnel.
    private InspectionResult SgsnContextAcknowledge(ref PacketContext p, bool v0, uint seq, in GtpV1Elements e)
    {
        var pending = TakeFollowUp(ref p, seq);
        var imsi = pending?.Imsi ?? 0;
        if (DecideHandoverMessage(ref p, sourceIsOld: false, imsi) == HandoverDecision.Denied)
        {
            return Drop(ref p, DropReason.HandoverDenied, imsi);
        }
        if (pending is not null && GtpV1IeType.IsAccepted(e.Cause) && p.Profile.HandoverOnRoamingInterface
            && e.HasTeidDataII && e.GsnAddressCount > 0)
        {
            AddForwardingTunnel(ForwardingSource.SgsnContextAcknowledge, v0 ? (byte)0 : V1, imsi, e.TeidDataIINsapi, e.GsnAddress0, e.TeidDataII,
                OldSideSender(imsi, e.TeidDataIINsapi, p.Destination));
        }
        return Permit(ref p);
    }

    // TS 29.060 §7.5.6: old SGSN → new SGSN (SRNS relocation), with IMSI and PDP Contexts.
    private InspectionResult ForwardRelocationRequest(ref PacketContext p, uint seq, ReadOnlySpan<byte> ies, in GtpV1Elements e)
    {
        var imsi = e.HasImsi ? e.Imsi : 0;
        if (DecideHandoverMessage(ref p, sourceIsOld: true, imsi) == HandoverDecision.Denied)
        {
            return Drop(ref p, DropReason.HandoverDenied, imsi);
        }
        List<TunnelSpec>? contexts = null;
        if (p.Profile.HandoverOnRoamingInterface)
        {
            if (!e.HasImsi)
            {
                return Drop(ref p, DropReason.MandatoryIeMissing);
            }
            contexts = new List<TunnelSpec>();
            var status = ReadPdpContexts(v0: false, ies, imsi, p.Source, contexts);
            if (status != DropReason.None)
            {
                return Drop(ref p, status, imsi);
            }
        }
        var request = new PendingRequest
        {
            Protocol = p.Protocol,
            MessageType = GtpV1MessageType.ForwardRelocationRequest,
            CreatedTicks = _now,
            Profile = p.Profile,
            Imsi = imsi,
            Contexts = contexts,
        };
        return TryAddPending(ref p, seq, request) ? Permit(ref p) : Drop(ref p, DropReason.PendingRequestLimit);
    }

    // TS 29.060 §7.5.7: new SGSN → old SGSN; commits the contexts and the forwarding tunnels: TEID Data II + SGSN
    // user address (to the new SGSN), and each RAB Setup Information (§7.7.39, to the target RNC).
    private InspectionResult ForwardRelocationResponse(ref PacketContext p, uint seq, ReadOnlySpan<byte> ies, in GtpV1Elements e)
    {
        var pending = TakePending(ref p, seq, GtpV1MessageType.ForwardRelocationRequest);
        if (pending is null)
        {
            return Drop(ref p, DropReason.UnmatchedResponse);
        }
        if (DecideHandoverMessage(ref p, sourceIsOld: false, pending.Imsi) == HandoverDecision.Denied)
        {
            return Drop(ref p, DropReason.HandoverDenied, pending.Imsi);
        }
        var rabs = new List<RabSetupInformation>();
        var reader = new GtpV1IeReader(ies, v0: false);
        while (reader.MoveNext())
        {
            if (reader.Type != GtpV1IeType.RabSetupInformation)
            {
                continue;
            }
            if (!RabSetupInformation.TryRead(reader.Value, out var rab))
            {
                return Drop(ref p, DropReason.IeMalformed, pending.Imsi);
            }
            rabs.Add(rab);
        }
        if (!GtpV1IeType.IsAccepted(e.Cause) || !p.Profile.HandoverOnRoamingInterface)
        {
            return Permit(ref p);
        }
        var forwarding = e.HasTeidDataII && e.GsnAddressCount > 0;
        if (!HasRoomFor(pending.Contexts ?? [], (forwarding ? 1 : 0) + rabs.Count(r => !r.IsRelease)))
        {
            return Drop(ref p, DropReason.TunnelLimit, pending.Imsi);
        }
        foreach (var spec in pending.Contexts ?? [])
        {
            if (Tunnels.FindSubscriber(spec.Imsi, spec.Nsapi) < 0)
            {
                AddTunnel(spec, TunnelKind.Context, TunnelFlags.FromHandover);
            }
        }
        // The old SGSN (this response's destination) and the source RNC behind it send the forwarded data.
        if (forwarding)
        {
            var user = e.GsnAddressCount > 1 ? e.GsnAddress1 : e.GsnAddress0;
            AddForwardingTunnel(ForwardingSource.ForwardRelocationResponse, V1, pending.Imsi, e.TeidDataIINsapi, user, e.TeidDataII,
                OldSideSender(pending.Imsi, e.TeidDataIINsapi, p.Destination));
        }
        foreach (var rab in rabs)
        {
            if (!rab.IsRelease)
            {
                AddForwardingTunnel(ForwardingSource.RabSetupInformation, V1, pending.Imsi, rab.Nsapi, rab.RncAddress, rab.TeidDataI,
                    OldSideSender(pending.Imsi, rab.Nsapi, p.Destination));
            }
        }
        return Permit(ref p);
    }
}
