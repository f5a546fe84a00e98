using Gtp.Firewall.Gtp.U;
using Gtp.Firewall.Gtp.V0;
using Gtp.Firewall.Gtp.V1;
using Gtp.Firewall.Tunnels;
using System.Runtime.CompilerServices;

namespace Gtp.Firewall.Inspection;

/// <summary>GTP-U (TS 29.281) and GTPv0 T-PDU inspection: the per-packet hot path, allocation-free.</summary>
public sealed partial class GtpInspectionEngine
{
    private InspectionResult InspectUser(ref PacketContext p, ReadOnlySpan<byte> payload)
    {
        var status = GtpV1Header.TryRead(payload, out var header);
        if (status != DropReason.None)
        {
            return Drop(ref p, status);
        }
        p.Type = header.MessageType;
        p.Teid = header.Teid;
        p.Sequence = header.SequenceNumber;
        switch (header.MessageType)
        {
            case GtpUMessageType.GPdu:
                return InspectGPdu(ref p, header, payload.Slice(header.HeaderLength));
            case GtpUMessageType.EndMarker:
            {
                // §7.3.2: the last packet on the old path; it closes a forwarding tunnel.
                var slot = Tunnels.FindUser(p.Destination, header.Teid);
                if (slot < 0)
                {
                    return Drop(ref p, DropReason.NoTunnel);
                }
                if (Tunnels.Slot(slot).Kind == TunnelKind.Forwarding)
                {
                    if (!FromForwardingSender(ref p, Tunnels.Slot(slot)))
                    {
                        return Drop(ref p, DropReason.ForwardingSenderMismatch, Tunnels.Slot(slot).Imsi);
                    }
                    RemoveForwardingTunnel(slot, TunnelDeleteReason.EndMarker);
                }
                return Permit(ref p);
            }
            case GtpUMessageType.ErrorIndication:
            {
                // §7.3.1: TEID Data I and GTP-U Peer Address are mandatory.
                status = GtpV1Elements.Parse(payload.Slice(header.HeaderLength), v0: false, out var e);
                if (status != DropReason.None)
                {
                    return Drop(ref p, status);
                }
                return e.HasTeidDataI && e.GsnAddressCount > 0 ? Permit(ref p) : Drop(ref p, DropReason.MandatoryIeMissing);
            }
            case GtpUMessageType.EchoRequest:
            case GtpUMessageType.EchoResponse:
            case GtpUMessageType.SupportedExtensionHeadersNotification:
                return Permit(ref p);
            default:
                return Drop(ref p, DropReason.UnknownMessageType);
        }
    }

    /// <summary>
    /// Tunnel check (destination address + TEID must be a known tunnel, and the sender must be the tunnel's peer),
    /// usage counting per direction, and sequence tracking when S = 1.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private InspectionResult InspectGPdu(ref PacketContext p, in GtpV1Header header, ReadOnlySpan<byte> tpdu)
    {
        var userBytes = tpdu.Length;
        var slot = Tunnels.FindUser(p.Destination, header.Teid);
        if (slot < 0)
        {
            return Drop(ref p, DropReason.NoTunnel);
        }
        ref var t = ref Tunnels.Slot(slot);
        if (t.Kind == TunnelKind.Forwarding)
        {
            if (_now - t.CreatedTicks > _forwardingTicks)
            {
                RemoveForwardingTunnel(slot, TunnelDeleteReason.ForwardingExpired);
                return Drop(ref p, DropReason.NoTunnel);
            }
            // Forwarded data comes from the old side recorded at set-up (docs/gtp-firewall.md, "Forwarding tunnels").
            if (!FromForwardingSender(ref p, t))
            {
                return Drop(ref p, DropReason.ForwardingSenderMismatch, t.Imsi);
            }
            t.DownlinkPackets++;
            t.DownlinkBytes += userBytes;
            t.LastSeenTicks = _now;
            // Usage changed: the next state checkpoint writes this tunnel (a flag test per packet, a call per interval).
            if ((t.Flags & TunnelFlags.Dirty) == 0)
            {
                Tunnels.MarkDirty(slot);
            }
            return Permit(ref p);
        }
        if (_now - t.LastSeenTicks > _idleTicks)
        {
            RemoveTunnel(slot, TunnelDeleteReason.IdleTimeout);
            return Drop(ref p, DropReason.NoTunnel);
        }
        var nodes = Tunnels.Nodes;
        var uplink = header.Teid == t.AnchorUserTeid && nodes[t.AnchorUserNode] == p.Destination;
        if (!FromPeer(ref p, t, uplink))
        {
            return Drop(ref p, DropReason.NoTunnel, t.Imsi);
        }
        var late = false;
        // Checked before counting, as Junos refreshes timers and counters only after the checks.
        var checks = p.Profile.Filter.Checks;
        if (checks != Filtering.GtpUChecks.None
            && CheckUserPacket(t, uplink, header, tpdu, checks, out late) is var refused && refused != DropReason.None)
        {
            return Drop(ref p, refused, t.Imsi);
        }
        if (uplink)
        {
            t.UplinkPackets++;
            t.UplinkBytes += userBytes;
        }
        else
        {
            t.DownlinkPackets++;
            t.DownlinkBytes += userBytes;
        }
        if (header.HasSequence && !late)
        {
            TrackSequence(ref t, uplink, header.SequenceNumber);
        }
        t.LastSeenTicks = _now;
        if ((t.Flags & TunnelFlags.Dirty) == 0)
        {
            Tunnels.MarkDirty(slot);
        }
        if (t.UplinkBytes + t.DownlinkBytes >= t.VolumeThreshold)
        {
            Tunnels.VolumeThresholdReached(slot);
        }
        return Permit(ref p);
    }

    /// <summary>Uplink must come from the serving node, downlink from the anchor (user address, else control address).</summary>
    private bool FromPeer(ref PacketContext p, in Tunnel t, bool uplink)
    {
        var nodes = Tunnels.Nodes;
        return uplink
            ? (t.ServingUserNode != 0 && nodes[t.ServingUserNode] == p.Source) || nodes[t.ServingControlNode] == p.Source
            : (t.AnchorUserNode != 0 && nodes[t.AnchorUserNode] == p.Source) || nodes[t.AnchorControlNode] == p.Source;
    }

    /// <summary>Records the G-PDU sequence number; a gap or repeat is counted as an anomaly, not dropped.</summary>
    private void TrackSequence(ref Tunnel t, bool uplink, ushort sequence)
    {
        var flag = uplink ? TunnelFlags.UplinkSequenceSeen : TunnelFlags.DownlinkSequenceSeen;
        ref var last = ref uplink ? ref t.UplinkSequence : ref t.DownlinkSequence;
        if ((t.Flags & flag) != 0 && sequence != (ushort)(last + 1))
        {
            Counters.SequenceAnomalies++;
        }
        last = sequence;
        t.Flags |= flag;
    }

    // TS 09.60 §9.3: T-PDUs on port 3386 are identified by TID (IMSI + NSAPI); forwarded ones (SGSN Context
    // Acknowledge) by the new SGSN's user address and the Flow Label Data II it gave.
    private InspectionResult InspectV0TPdu(ref PacketContext p, in GtpV0Header header, int userBytes)
    {
        var slot = header.Tid == 0 ? -1 : Tunnels.FindSubscriber(Tid.Imsi(header.Tid), Tid.Nsapi(header.Tid));
        if (slot >= 0)
        {
            ref var t = ref Tunnels.Slot(slot);
            if (_now - t.LastSeenTicks > _idleTicks)
            {
                RemoveTunnel(slot, TunnelDeleteReason.IdleTimeout);
                return Drop(ref p, DropReason.InvalidTid);
            }
            var nodes = Tunnels.Nodes;
            var uplink = nodes[t.AnchorUserNode] == p.Destination || nodes[t.AnchorControlNode] == p.Destination;
            var downlink = nodes[t.ServingUserNode] == p.Destination || nodes[t.ServingControlNode] == p.Destination;
            if ((uplink || downlink) && FromPeer(ref p, t, uplink))
            {
                if (uplink)
                {
                    t.UplinkPackets++;
                    t.UplinkBytes += userBytes;
                }
                else
                {
                    t.DownlinkPackets++;
                    t.DownlinkBytes += userBytes;
                }
                t.LastSeenTicks = _now;
                if ((t.Flags & TunnelFlags.Dirty) == 0)
                {
                    Tunnels.MarkDirty(slot);
                }
                if (t.UplinkBytes + t.DownlinkBytes >= t.VolumeThreshold)
                {
                    Tunnels.VolumeThresholdReached(slot);
                }
                return Permit(ref p);
            }
        }
        var forwarding = Tunnels.FindV0Forwarding(p.Destination, header.FlowLabel);
        if (forwarding >= 0)
        {
            ref var f = ref Tunnels.Slot(forwarding);
            if (!FromForwardingSender(ref p, f))
            {
                return Drop(ref p, DropReason.ForwardingSenderMismatch, f.Imsi);
            }
            f.DownlinkPackets++;
            f.DownlinkBytes += userBytes;
            if ((f.Flags & TunnelFlags.Dirty) == 0)
            {
                Tunnels.MarkDirty(forwarding);
            }
            return Permit(ref p);
        }
        return Drop(ref p, slot < 0 ? DropReason.InvalidTid : DropReason.NoTunnel);
    }
}
