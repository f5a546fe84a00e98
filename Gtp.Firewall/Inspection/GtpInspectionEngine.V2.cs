using Gtp.Firewall.Gtp;
using Gtp.Firewall.Gtp.V2;
using Gtp.Firewall.Handover;
using Gtp.Firewall.Packets;
using Gtp.Firewall.Tunnels;

namespace Gtp.Firewall.Inspection;

/// <summary>GTPv2-C (TS 29.274) inspection: sessions/bearers on S5/S8 and the S3/S10/S16 handover messages.</summary>
public sealed partial class GtpInspectionEngine
{
    private const byte V2 = 2;

    private InspectionResult InspectV2(ref PacketContext p, ReadOnlySpan<byte> payload)
    {
        var status = GtpV2Header.TryRead(payload, out var header);
        if (status != DropReason.None)
        {
            return Drop(ref p, status);
        }
        p.Type = header.MessageType;
        p.Teid = header.Teid;
        p.Sequence = header.SequenceNumber;
        var first = payload.Slice(0, header.MessageLength);
        var rest = payload.Slice(header.MessageLength);
        GtpV2Header carried = default;
        if (header.Piggyback)
        {
            // TS 29.274 §5.5.1: one more complete message follows, and it must not itself have P = 1.
            if (GtpV2Header.TryRead(rest, out carried) != DropReason.None || carried.Piggyback || carried.MessageLength != rest.Length)
            {
                return Drop(ref p, DropReason.InvalidPiggyback);
            }
            p.Piggybacked = carried.MessageType;
            status = ValidateV2(carried, rest);
            if (status != DropReason.None)
            {
                return Drop(ref p, status == DropReason.IeMalformed ? DropReason.InvalidPiggyback : status);
            }
        }
        else if (!rest.IsEmpty)
        {
            return Drop(ref p, DropReason.GtpLengthMismatch);
        }
        status = ValidateV2(header, first);
        if (status != DropReason.None)
        {
            return Drop(ref p, status);
        }
        var result = InspectV2Message(ref p, header, first.Slice(header.HeaderLength));
        if (result.Verdict == Verdict.Drop || !header.Piggyback)
        {
            return result;
        }
        // The piggybacked message is inspected as its own message; the datagram passes only if both do.
        p.Type = carried.MessageType;
        p.Teid = carried.Teid;
        p.Sequence = carried.SequenceNumber;
        var second = InspectV2Message(ref p, carried, rest.Slice(carried.HeaderLength));
        return second.Verdict == Verdict.Drop ? second : result;
    }

    private static DropReason ValidateV2(in GtpV2Header header, ReadOnlySpan<byte> message)
    {
        if (!GtpV2MessageType.IsKnown(header.MessageType))
        {
            return DropReason.UnknownMessageType;
        }
        // TS 29.274 §5.5.1: T = 0 only for Echo Request/Response and Version Not Supported Indication.
        if (!header.HasTeid && header.MessageType > GtpV2MessageType.VersionNotSupportedIndication)
        {
            return DropReason.GtpHeaderMalformed;
        }
        return GtpV2IeReader.Validate(message.Slice(header.HeaderLength));
    }

    private InspectionResult InspectV2Message(ref PacketContext p, in GtpV2Header header, ReadOnlySpan<byte> ies)
    {
        var e = V2Elements.Read(ies);
        if (e.Status != DropReason.None)
        {
            return Drop(ref p, e.Status);
        }
        CheckRecovery(ref p, e.Recovery);
        if (ReusesPendingSequence(ref p, header.SequenceNumber, header.MessageType))
        {
            return Drop(ref p, DropReason.SequenceNumberInvalid);
        }
        if (CheckRateLimits(ref p, e.Apn) is var limited && limited != DropReason.None)
        {
            return RateLimited(ref p, limited);
        }
        var seq = header.SequenceNumber;
        switch (header.MessageType)
        {
            case GtpV2MessageType.CreateSessionRequest:
                return CreateSessionRequest(ref p, seq, ies, e);
            case GtpV2MessageType.CreateSessionResponse:
                return CreateSessionResponse(ref p, seq, ies, e);
            case GtpV2MessageType.ModifyBearerRequest:
                return ModifyBearerRequest(ref p, header.Teid, seq, ies, e);
            case GtpV2MessageType.ModifyBearerResponse:
                return ModifyBearerResponse(ref p, seq, e);
            case GtpV2MessageType.CreateBearerRequest:
                return CreateBearerRequest(ref p, header.Teid, seq, ies);
            case GtpV2MessageType.CreateBearerResponse:
                return CreateBearerResponse(ref p, seq, ies, e);
            case GtpV2MessageType.DeleteSessionRequest:
            case GtpV2MessageType.DeleteBearerRequest:
                return DeleteRequest(ref p, header.MessageType, header.Teid, seq, ies);
            case GtpV2MessageType.DeleteSessionResponse:
            case GtpV2MessageType.DeleteBearerResponse:
                return DeleteResponse(ref p, header.MessageType, seq, ies, e);
            case GtpV2MessageType.ContextRequest:
                return V2HandoverRequest(ref p, GtpV2MessageType.ContextRequest, sourceIsOld: false, seq, ies, e);
            case GtpV2MessageType.ContextResponse:
                return ContextResponse(ref p, seq, ies, e);
            case GtpV2MessageType.ContextAcknowledge:
                return ContextAcknowledge(ref p, seq, ies, e);
            case GtpV2MessageType.ForwardRelocationRequest:
                return V2HandoverRequest(ref p, GtpV2MessageType.ForwardRelocationRequest, sourceIsOld: true, seq, ies, e);
            case GtpV2MessageType.ForwardRelocationResponse:
                return ForwardRelocationResponseV2(ref p, seq, ies, e);
            case GtpV2MessageType.UpdateBearerRequest:
                return UpdateBearerRequest(ref p, header.Teid, seq, ies);
            case GtpV2MessageType.UpdateBearerResponse:
                return UpdateBearerResponse(ref p, seq, ies, e);
            case GtpV2MessageType.DeletePdnConnectionSetRequest:
                return DeletePdnConnectionSetRequest(ref p, seq, ies);
            case GtpV2MessageType.DeletePdnConnectionSetResponse:
                return DeletePdnConnectionSetResponse(ref p, seq, e);
            case GtpV2MessageType.ReleaseAccessBearersRequest:
                return ReleaseAccessBearersRequest(ref p, header.Teid, seq);
            case GtpV2MessageType.ReleaseAccessBearersResponse:
                return ReleaseAccessBearersResponse(ref p, seq, e);
            case GtpV2MessageType.CreateIndirectDataForwardingTunnelRequest:
                return CreateIndirectForwardingRequest(ref p, header.Teid, seq, ies);
            case GtpV2MessageType.CreateIndirectDataForwardingTunnelResponse:
                return CreateIndirectForwardingResponse(ref p, seq, ies, e);
            case GtpV2MessageType.DeleteIndirectDataForwardingTunnelRequest:
                return DeleteIndirectForwardingRequest(ref p, header.Teid, seq);
            case GtpV2MessageType.DeleteIndirectDataForwardingTunnelResponse:
                return DeleteIndirectForwardingResponse(ref p, seq, e);
            case GtpV2MessageType.ForwardRelocationCompleteNotification:
                return DecideHandoverMessage(ref p, sourceIsOld: false, e.Imsi) == HandoverDecision.Denied ? Drop(ref p, DropReason.HandoverDenied, e.Imsi) : Permit(ref p);
            case GtpV2MessageType.ForwardRelocationCompleteAcknowledge:
                return DecideHandoverMessage(ref p, sourceIsOld: true, e.Imsi) == HandoverDecision.Denied ? Drop(ref p, DropReason.HandoverDenied, e.Imsi) : Permit(ref p);
            default:
                return Permit(ref p);
        }
    }

    // TS 29.274 §7.2.1: Sender F-TEID (inst 0) is the SGW's S5/S8-C; bearer contexts carry S5/S8-U SGW F-TEID (inst 2).
    private InspectionResult CreateSessionRequest(ref PacketContext p, uint seq, ReadOnlySpan<byte> ies, in V2Elements e)
    {
        if (!e.HasImsi || !e.HasSenderFTeid)
        {
            return Drop(ref p, DropReason.MandatoryIeMissing);
        }
        if (FilterApn(ref p, e.Apn, e.Imsi, ies) is var filtered && filtered != DropReason.None)
        {
            return Drop(ref p, filtered, e.Imsi);
        }
        if (CheckTunnelLimit(ref p, e.SenderFTeid.Address) is var full && full != DropReason.None)
        {
            return Drop(ref p, full, e.Imsi);
        }
        var bearerContexts = new List<BearerContext>();
        var status = ReadBearers(ies, instance: 0, preferredFTeidInstance: 2, bearerContexts);
        if (status != DropReason.None)
        {
            return Drop(ref p, status, e.Imsi);
        }
        if (bearerContexts.Count == 0)
        {
            return Drop(ref p, DropReason.MandatoryIeMissing, e.Imsi);
        }
        var bearers = new List<TunnelSpec>(bearerContexts.Count);
        foreach (var b in bearerContexts)
        {
            bearers.Add(new TunnelSpec
            {
                Imsi = e.Imsi,
                Nsapi = b.Ebi,
                Version = V2,
                ServingControl = e.SenderFTeid.Address,
                ServingControlTeid = e.SenderFTeid.Teid,
                ServingUser = b.UserFTeid.Address,
                ServingUserTeid = b.UserFTeid.Teid,
                EndUser = e.Paa,
                Apn = e.Apn,
            });
        }
        List<PdnConnectionSetId>? csids = null;
        if (!ReadCsids(ies, ref csids))
        {
            return Drop(ref p, DropReason.IeMalformed, e.Imsi);
        }
        var request = new PendingRequest
        {
            Protocol = p.Protocol,
            MessageType = GtpV2MessageType.CreateSessionRequest,
            CreatedTicks = _now,
            Profile = p.Profile,
            Imsi = e.Imsi,
            Contexts = bearers,
            Csids = csids,
        };
        if (CaptureV2(ies, request, perBearer: true) != DropReason.None)
        {
            return Drop(ref p, DropReason.IeMalformed, e.Imsi);
        }
        return TryAddPending(ref p, seq, request) ? Permit(ref p) : Drop(ref p, DropReason.PendingRequestLimit);
    }

    // TS 29.274 §7.2.2: Sender F-TEID = PGW S5/S8-C; "Bearer Contexts created" carry S5/S8-U PGW F-TEID (inst 2).
    private InspectionResult CreateSessionResponse(ref PacketContext p, uint seq, ReadOnlySpan<byte> ies, in V2Elements e)
    {
        var pending = TakePending(ref p, seq, GtpV2MessageType.CreateSessionRequest);
        if (pending is null)
        {
            return Drop(ref p, DropReason.UnmatchedResponse);
        }
        if (!GtpV2IeType.IsAccepted(e.Cause))
        {
            return Permit(ref p);
        }
        if (!e.HasSenderFTeid)
        {
            return Drop(ref p, DropReason.MandatoryIeMissing, pending.Imsi);
        }
        var created = new List<BearerContext>();
        var status = ReadBearers(ies, instance: 0, preferredFTeidInstance: 2, created);
        if (status != DropReason.None)
        {
            return Drop(ref p, status, pending.Imsi);
        }
        // The MME/SGW sets of the request and the PGW/SGW sets of the response (TS 29.274 Tables 7.2.1-1, 7.2.2-1).
        var csids = pending.Csids;
        if (!ReadCsids(ies, ref csids))
        {
            return Drop(ref p, DropReason.IeMalformed, pending.Imsi);
        }
        var accepted = (pending.Contexts ?? []).Where(c => created.FindIndex(b => b.Ebi == c.Nsapi && b.Accepted) >= 0).ToList();
        if (!HasRoomFor(accepted))
        {
            return Drop(ref p, DropReason.TunnelLimit, pending.Imsi);
        }
        foreach (var proposed in accepted)
        {
            var match = created.FindIndex(c => c.Ebi == proposed.Nsapi);
            var spec = proposed;
            spec.AnchorControl = e.SenderFTeid.Address;
            spec.AnchorControlTeid = e.SenderFTeid.Teid;
            spec.AnchorUser = created[match].UserFTeid.Address;
            spec.AnchorUserTeid = created[match].UserFTeid.Teid;
            if (!e.Paa.IsNone)
            {
                spec.EndUser = e.Paa;
            }
            if (e.PdnType != PdpType.Unknown)
            {
                spec.PdpType = e.PdnType;
            }
            spec.HasChargingId = created[match].ChargingId.HasValue;
            spec.ChargingId = created[match].ChargingId.GetValueOrDefault();
            var slot = AddTunnel(spec, TunnelKind.Context);
            if (slot < 0)
            {
                return Drop(ref p, DropReason.TunnelLimit, spec.Imsi);
            }
            foreach (var set in csids ?? [])
            {
                PdnConnectionSets.Add(set.NodeType, set.Node, set.Csid, Tunnels.IdOf(slot));
            }
            SubscriberCapturedV2(slot, pending, ies);
        }
        return Permit(ref p);
    }

    // TS 29.274 §7.2.7: header TEID = PGW S5/S8-C TEID; a new Sender F-TEID means SGW relocation (a handover).
    private InspectionResult ModifyBearerRequest(ref PacketContext p, uint teid, uint seq, ReadOnlySpan<byte> ies, in V2Elements e)
    {
        var head = Tunnels.FindControl(p.Destination, teid);
        if (head < 0)
        {
            return Drop(ref p, DropReason.NoTunnel);
        }
        ref var t = ref Tunnels.Slot(head);
        var imsi = t.Imsi;
        var current = TunnelSpec.From(t, Tunnels);
        var towardAnchor = p.Destination == current.AnchorControl && teid == current.AnchorControlTeid;
        var bearers = new List<BearerContext>();
        var status = ReadBearers(ies, instance: 0, preferredFTeidInstance: 1, bearers);
        if (status != DropReason.None)
        {
            return Drop(ref p, status, imsi);
        }
        var changesServing = towardAnchor && e.HasSenderFTeid && e.SenderFTeid.Address != current.ServingControl;
        if (changesServing && DecideHandover(ref p, current.ServingControl, e.SenderFTeid.Address, imsi) == HandoverDecision.Denied)
        {
            return Drop(ref p, DropReason.HandoverDenied, imsi);
        }
        var request = new PendingRequest
        {
            Protocol = p.Protocol,
            MessageType = GtpV2MessageType.ModifyBearerRequest,
            CreatedTicks = _now,
            Profile = p.Profile,
            Slot = head,
            Generation = t.Generation,
            Imsi = imsi,
            HasNewServingControl = towardAnchor && e.HasSenderFTeid,
            Proposed = new TunnelSpec { ServingControl = e.SenderFTeid.Address, ServingControlTeid = e.SenderFTeid.Teid },
            BearerContexts = towardAnchor ? bearers : null,
        };
        if (CaptureV2(ies, request, perBearer: false) != DropReason.None)
        {
            return Drop(ref p, DropReason.IeMalformed, imsi);
        }
        return TryAddPending(ref p, seq, request) ? Permit(ref p) : Drop(ref p, DropReason.PendingRequestLimit);
    }

    private InspectionResult ModifyBearerResponse(ref PacketContext p, uint seq, in V2Elements e)
    {
        var pending = TakePending(ref p, seq, GtpV2MessageType.ModifyBearerRequest);
        if (pending is null)
        {
            return Drop(ref p, DropReason.UnmatchedResponse);
        }
        Span<int> slots = stackalloc int[16];
        var n = AcceptedSessionContexts(pending, e.Cause, slots);
        for (var i = 0; i < n; i++)
        {
            ref var t = ref Tunnels.Slot(slots[i]);
            var spec = TunnelSpec.From(t, Tunnels);
            var changed = false;
            if (pending.HasNewServingControl)
            {
                changed |= spec.ServingControl != pending.Proposed.ServingControl || spec.ServingControlTeid != pending.Proposed.ServingControlTeid;
                spec.ServingControl = pending.Proposed.ServingControl;
                spec.ServingControlTeid = pending.Proposed.ServingControlTeid;
            }
            foreach (var b in pending.BearerContexts ?? [])
            {
                if (b.Ebi == t.Nsapi && b.HasUserFTeid)
                {
                    changed |= spec.ServingUser != b.UserFTeid.Address || spec.ServingUserTeid != b.UserFTeid.Teid;
                    spec.ServingUser = b.UserFTeid.Address;
                    spec.ServingUserTeid = b.UserFTeid.Teid;
                }
            }
            if (changed)
            {
                UpdateTunnel(slots[i], spec);
            }
            SubscriberChanged(slots[i], pending);
        }
        return Permit(ref p);
    }

    // TS 29.274 §7.2.3: PGW → SGW (header TEID = SGW S5/S8-C) for dedicated bearers; S5/S8-U PGW F-TEID is instance 1.
    private InspectionResult CreateBearerRequest(ref PacketContext p, uint teid, uint seq, ReadOnlySpan<byte> ies)
    {
        var head = Tunnels.FindControl(p.Destination, teid);
        if (head < 0)
        {
            return Drop(ref p, DropReason.NoTunnel);
        }
        ref var t = ref Tunnels.Slot(head);
        var bearers = new List<BearerContext>();
        var status = ReadBearers(ies, instance: 0, preferredFTeidInstance: 1, bearers);
        if (status != DropReason.None)
        {
            return Drop(ref p, status, t.Imsi);
        }
        var request = new PendingRequest
        {
            Protocol = p.Protocol,
            MessageType = GtpV2MessageType.CreateBearerRequest,
            CreatedTicks = _now,
            Profile = p.Profile,
            Slot = head,
            Generation = t.Generation,
            Imsi = t.Imsi,
            BearerContexts = bearers,
        };
        return TryAddPending(ref p, seq, request) ? Permit(ref p) : Drop(ref p, DropReason.PendingRequestLimit);
    }

    // TS 29.274 §7.2.4: each accepted bearer context carries the EBI now assigned and the S5/S8-U SGW F-TEID (inst 2).
    private InspectionResult CreateBearerResponse(ref PacketContext p, uint seq, ReadOnlySpan<byte> ies, in V2Elements e)
    {
        var pending = TakePending(ref p, seq, GtpV2MessageType.CreateBearerRequest);
        if (pending is null)
        {
            return Drop(ref p, DropReason.UnmatchedResponse);
        }
        if (!GtpV2IeType.IsAccepted(e.Cause) || !IsLive(pending.Slot, pending.Generation))
        {
            return Permit(ref p);
        }
        var created = new List<BearerContext>();
        var status = ReadBearers(ies, instance: 0, preferredFTeidInstance: 2, created);
        if (status != DropReason.None)
        {
            return Drop(ref p, status, pending.Imsi);
        }
        var session = TunnelSpec.From(Tunnels.Slot(pending.Slot), Tunnels);
        var requested = pending.BearerContexts ?? [];
        var bearers = created.Take(requested.Count).Where(c => c.Accepted && c.Ebi != 0)
            .Select(c => session with { Nsapi = c.Ebi }).ToList();
        if (!HasRoomFor(bearers))
        {
            return Drop(ref p, DropReason.TunnelLimit, pending.Imsi);
        }
        // Bearer contexts are answered in request order; the response assigns the EBIs.
        for (var i = 0; i < created.Count && i < requested.Count; i++)
        {
            if (!created[i].Accepted || created[i].Ebi == 0)
            {
                continue;
            }
            var spec = session;
            spec.Nsapi = created[i].Ebi;
            spec.ServingUser = created[i].UserFTeid.Address;
            spec.ServingUserTeid = created[i].UserFTeid.Teid;
            spec.AnchorUser = requested[i].UserFTeid.Address;
            spec.AnchorUserTeid = requested[i].UserFTeid.Teid;
            // A dedicated bearer has its own Charging ID, sent by the PGW in Create Bearer Request (TS 29.274 §7.2.3).
            spec.HasChargingId = requested[i].ChargingId.HasValue;
            spec.ChargingId = requested[i].ChargingId.GetValueOrDefault();
            AddTunnel(spec, TunnelKind.Context);
        }
        return Permit(ref p);
    }

    // TS 29.274 §7.2.9 (Delete Session) and §7.2.9.2 (Delete Bearer: EBIs in instance 1, or the Linked EBI = whole PDN).
    private InspectionResult DeleteRequest(ref PacketContext p, byte type, uint teid, uint seq, ReadOnlySpan<byte> ies)
    {
        var head = Tunnels.FindControl(p.Destination, teid);
        if (head < 0)
        {
            return Drop(ref p, DropReason.NoTunnel);
        }
        ref var t = ref Tunnels.Slot(head);
        List<byte>? ebis = null;
        if (type == GtpV2MessageType.DeleteBearerRequest)
        {
            var reader = new GtpV2IeReader(ies);
            while (reader.MoveNext())
            {
                if (reader.Type == GtpV2IeType.Ebi && reader.Instance == 1 && EpsBearerId.TryRead(reader.Value, out var ebi))
                {
                    (ebis ??= new()).Add(ebi);
                }
            }
        }
        var request = new PendingRequest
        {
            Protocol = p.Protocol,
            MessageType = type,
            CreatedTicks = _now,
            Slot = head,
            Generation = t.Generation,
            Imsi = t.Imsi,
            Bearers = ebis,
        };
        return TryAddPending(ref p, seq, request) ? Permit(ref p) : Drop(ref p, DropReason.PendingRequestLimit);
    }

    // §7.2.10.2: a Delete Bearer Response's Bearer Contexts carry a per-bearer Cause; a refused bearer stays.
    private InspectionResult DeleteResponse(ref PacketContext p, byte type, uint seq, ReadOnlySpan<byte> ies, in V2Elements e)
    {
        var pending = TakePending(ref p, seq, type - 1);
        if (pending is null)
        {
            return Drop(ref p, DropReason.UnmatchedResponse);
        }
        var answered = new List<BearerContext>();
        if (type == GtpV2MessageType.DeleteBearerResponse)
        {
            var status = ReadBearers(ies, instance: 0, preferredFTeidInstance: 0, answered);
            if (status != DropReason.None)
            {
                return Drop(ref p, status, pending.Imsi);
            }
        }
        Span<int> slots = stackalloc int[16];
        var n = AcceptedSessionContexts(pending, e.Cause, slots);
        for (var i = 0; i < n; i++)
        {
            var nsapi = Tunnels.Slot(slots[i]).Nsapi;
            if ((pending.Bearers is null || pending.Bearers.Contains(nsapi)) && !answered.Exists(b => b.Ebi == nsapi && !b.Accepted))
            {
                RemoveTunnel(slots[i], TunnelDeleteReason.Deleted);
            }
        }
        return Permit(ref p);
    }

    /// <summary>The contexts <see cref="SessionContexts"/> finds, or none when the response refused or the session is gone.</summary>
    private int AcceptedSessionContexts(PendingRequest pending, int cause, Span<int> slots)
        => GtpV2IeType.IsAccepted(cause) && IsLive(pending.Slot, pending.Generation) ? SessionContexts(pending, slots) : 0;

    /// <summary>
    /// The subscriber's contexts of the session <paramref name="pending"/> was about: those sharing its tunnel's
    /// control anchor (PGW S5/S8-C F-TEID), so one PDN connection is changed without touching the subscriber's others.
    /// </summary>
    private int SessionContexts(PendingRequest pending, Span<int> slots)
    {
        ref var head = ref Tunnels.Slot(pending.Slot);
        var anchorNode = head.AnchorControlNode;
        var anchorTeid = head.AnchorControlTeid;
        var found = Tunnels.FindSubscriberContexts(pending.Imsi, slots);
        var kept = 0;
        for (var i = 0; i < found; i++)
        {
            ref var t = ref Tunnels.Slot(slots[i]);
            if (t.AnchorControlNode == anchorNode && t.AnchorControlTeid == anchorTeid)
                slots[kept++] = slots[i];
        }
        return kept;
    }

    /// <summary>Context Request (new → old) and Forward Relocation Request (old → new, carries the PDN Connections).</summary>
    private InspectionResult V2HandoverRequest(ref PacketContext p, byte type, bool sourceIsOld, uint seq, ReadOnlySpan<byte> ies, in V2Elements e)
    {
        if (DecideHandoverMessage(ref p, sourceIsOld, e.Imsi) == HandoverDecision.Denied)
        {
            return Drop(ref p, DropReason.HandoverDenied, e.Imsi);
        }
        List<TunnelSpec>? contexts = null;
        if (type == GtpV2MessageType.ForwardRelocationRequest && p.Profile.HandoverOnRoamingInterface)
        {
            if (!e.HasImsi)
            {
                return Drop(ref p, DropReason.MandatoryIeMissing);
            }
            contexts = new List<TunnelSpec>();
            var status = ReadPdnConnections(ref p, ies, e, contexts);
            if (status != DropReason.None)
            {
                return Drop(ref p, status, e.Imsi);
            }
        }
        var request = new PendingRequest
        {
            Protocol = p.Protocol,
            MessageType = type,
            CreatedTicks = _now,
            Profile = p.Profile,
            Imsi = e.Imsi,
            Contexts = contexts,
        };
        return TryAddPending(ref p, seq, request) ? Permit(ref p) : Drop(ref p, DropReason.PendingRequestLimit);
    }

    // TS 29.274 §7.3.6: old → new with IMSI, MM Context and PDN Connections; sets up bearers (handover-on-roaming-intf).
    private InspectionResult ContextResponse(ref PacketContext p, uint seq, ReadOnlySpan<byte> ies, in V2Elements e)
    {
        var pending = TakePending(ref p, seq, keep: true);
        if (pending is null || pending.MessageType != GtpV2MessageType.ContextRequest)
        {
            return Drop(ref p, DropReason.UnmatchedResponse);
        }
        var imsi = e.HasImsi ? e.Imsi : pending.Imsi;
        if (DecideHandoverMessage(ref p, sourceIsOld: true, imsi) == HandoverDecision.Denied)
        {
            return Drop(ref p, DropReason.HandoverDenied, imsi);
        }
        pending.Imsi = imsi;
        if (!GtpV2IeType.IsAccepted(e.Cause) || !p.Profile.HandoverOnRoamingInterface)
        {
            return Permit(ref p);
        }
        if (!e.HasImsi)
        {
            return Drop(ref p, DropReason.MandatoryIeMissing);
        }
        var contexts = new List<TunnelSpec>();
        var status = ReadPdnConnections(ref p, ies, e, contexts);
        if (status != DropReason.None)
        {
            return Drop(ref p, status, imsi);
        }
        if (!HasRoomFor(contexts))
        {
            return Drop(ref p, DropReason.TunnelLimit, imsi);
        }
        CommitHandoverContexts(contexts);
        return Permit(ref p);
    }

    // TS 29.274 §7.3.7: new → old; forwarding F-TEIDs (top level and per bearer) become forwarding tunnels.
    private InspectionResult ContextAcknowledge(ref PacketContext p, uint seq, ReadOnlySpan<byte> ies, in V2Elements e)
    {
        var pending = TakeFollowUp(ref p, seq);
        var imsi = pending?.Imsi ?? 0;
        if (DecideHandoverMessage(ref p, sourceIsOld: false, imsi) == HandoverDecision.Denied)
        {
            return Drop(ref p, DropReason.HandoverDenied, imsi);
        }
        if (pending is not null && GtpV2IeType.IsAccepted(e.Cause) && p.Profile.HandoverOnRoamingInterface)
        {
            AddV2ForwardingTunnels(ForwardingSource.ContextAcknowledge, ies, imsi, includeTopLevel: true, p.Destination);
        }
        return Permit(ref p);
    }

    // TS 29.274 §7.3.2: new → old; commits the request's PDN Connections and the bearers' forwarding F-TEIDs.
    private InspectionResult ForwardRelocationResponseV2(ref PacketContext p, uint seq, ReadOnlySpan<byte> ies, in V2Elements e)
    {
        var pending = TakePending(ref p, seq, GtpV2MessageType.ForwardRelocationRequest);
        if (pending is null)
        {
            return Drop(ref p, DropReason.UnmatchedResponse);
        }
        if (DecideHandoverMessage(ref p, sourceIsOld: false, pending.Imsi) == HandoverDecision.Denied)
        {
            return Drop(ref p, DropReason.HandoverDenied, pending.Imsi);
        }
        if (GtpV2IeType.IsAccepted(e.Cause) && p.Profile.HandoverOnRoamingInterface)
        {
            if (!HasRoomFor(pending.Contexts ?? []))
            {
                return Drop(ref p, DropReason.TunnelLimit, pending.Imsi);
            }
            CommitHandoverContexts(pending.Contexts ?? []);
            AddV2ForwardingTunnels(ForwardingSource.ForwardRelocationResponseV2, ies, pending.Imsi, includeTopLevel: false, p.Destination);
        }
        return Permit(ref p);
    }

    private void CommitHandoverContexts(List<TunnelSpec> contexts)
    {
        foreach (var spec in contexts)
        {
            if (Tunnels.FindSubscriber(spec.Imsi, spec.Nsapi) < 0)
            {
                AddTunnel(spec, TunnelKind.Context, TunnelFlags.FromHandover);
            }
        }
    }

    // The old MME/SGSN is this message's destination; the old SGW (the context's serving side) forwards the data.
    private void AddV2ForwardingTunnels(ForwardingSource source, ReadOnlySpan<byte> ies, ulong imsi, bool includeTopLevel, IpAddress128 oldNode)
    {
        var reader = new GtpV2IeReader(ies);
        while (reader.MoveNext())
        {
            if (includeTopLevel && reader.Type == GtpV2IeType.FTeid && FullyQualifiedTeid.TryParse(reader.Value, out var top))
            {
                AddForwardingTunnel(source, V2, imsi, 0, top.Address, top.Teid, OldSideSender(imsi, 0, oldNode));
            }
            else if (reader.Type == GtpV2IeType.BearerContext)
            {
                byte ebi = 0;
                var inner = new GtpV2IeReader(reader.Value);
                while (inner.MoveNext())
                {
                    if (inner.Type == GtpV2IeType.Ebi && EpsBearerId.TryRead(inner.Value, out var read))
                    {
                        ebi = read;
                    }
                }
                inner = new GtpV2IeReader(reader.Value);
                while (inner.MoveNext())
                {
                    if (inner.Type == GtpV2IeType.FTeid && FullyQualifiedTeid.TryParse(inner.Value, out var f))
                    {
                        AddForwardingTunnel(source, V2, imsi, ebi, f.Address, f.Teid, OldSideSender(imsi, ebi, oldNode));
                    }
                }
            }
        }
    }

    /// <summary>
    /// PDN Connection IEs (109) of a Context Response / Forward Relocation Request: PGW S5/S8-C F-TEID (inst 0),
    /// IP Address (inst 0), and bearer contexts with SGW user F-TEID (inst 0) and PGW S5/S8-U F-TEID (inst 1).
    /// The serving control node is the SGW S11/S4 F-TEID (inst 1) at top level, else the old node (source).
    /// </summary>
    private DropReason ReadPdnConnections(ref PacketContext p, ReadOnlySpan<byte> ies, in V2Elements e, List<TunnelSpec> contexts)
    {
        var servingControl = p.Source;
        var top = new GtpV2IeReader(ies);
        while (top.MoveNext())
        {
            if (top.Type == GtpV2IeType.FTeid && top.Instance == 1)
            {
                if (!FullyQualifiedTeid.TryParse(top.Value, out var sgw))
                {
                    return DropReason.IeMalformed;
                }
                servingControl = sgw.Address;
            }
        }
        var reader = new GtpV2IeReader(ies);
        while (reader.MoveNext())
        {
            if (reader.Type != GtpV2IeType.PdnConnection)
            {
                continue;
            }
            var status = PdnConnection.TryRead(reader.Value, out var pdn);
            if (status != DropReason.None)
            {
                return status;
            }
            var inner = new GtpV2IeReader(reader.Value);
            while (inner.MoveNext())
            {
                if (inner.Type != GtpV2IeType.BearerContext)
                {
                    continue;
                }
                status = PdnBearerContext.TryRead(inner.Value, out var bearer);
                if (status != DropReason.None)
                {
                    return status;
                }
                contexts.Add(new TunnelSpec
                {
                    Imsi = e.Imsi,
                    Nsapi = bearer.Ebi,
                    Version = V2,
                    ServingControl = servingControl,
                    ServingUser = bearer.ServingUser.Address,
                    ServingUserTeid = bearer.ServingUser.Teid,
                    AnchorControl = pdn.PgwControl.Address,
                    AnchorControlTeid = pdn.PgwControl.Teid,
                    AnchorUser = bearer.AnchorUser.Address,
                    AnchorUserTeid = bearer.AnchorUser.Teid,
                    EndUser = pdn.EndUser,
                    Apn = pdn.Apn,
                });
            }
        }
        return DropReason.None;
    }

    /// <summary>Bearer Context IEs (93) of the given instance, collected for the pending request or the response.</summary>
    private static DropReason ReadBearers(ReadOnlySpan<byte> ies, byte instance, byte preferredFTeidInstance, List<BearerContext> bearers)
    {
        var reader = new BearerContextReader(ies, instance, preferredFTeidInstance);
        while (reader.MoveNext())
        {
            bearers.Add(reader.Current);
        }
        return reader.Status;
    }
}
