using Gtp.Firewall.Filtering;
using Gtp.Firewall.Gtp;
using Gtp.Firewall.Gtp.V1;
using Gtp.Firewall.Gtp.V2;
using Gtp.Firewall.Tunnels;

namespace Gtp.Firewall.Inspection;

/// <summary>
/// The profile's message filters and GTP-U checks (docs/gtp-firewall.md §8): drop lists and length ranges on every GTP
/// message, and on G-PDUs of a context gtp-in-gtp, the end-user address and the sequence window. Nothing here
/// allocates; a profile without filters costs one test per packet.
/// </summary>
public sealed partial class GtpInspectionEngine
{
    /// <summary>The G-PDU checks of <paramref name="checks"/>; <paramref name="late"/> when its sequence number is a late one.</summary>
    private static DropReason CheckUserPacket(in Tunnel t, bool uplink, in GtpV1Header header, ReadOnlySpan<byte> tpdu, GtpUChecks checks, out bool late)
    {
        late = false;
        if ((checks & GtpUChecks.GtpInGtpDenied) != 0 && InnerPacket.IsGtp(tpdu))
        {
            return DropReason.GtpInGtp;
        }
        if ((checks & GtpUChecks.EndUserAddress) != 0 && InnerPacket.TryReadAddresses(tpdu, out var source, out var destination))
        {
            // Uplink: the user's packet leaves from its address; downlink: it is addressed to it.
            var user = uplink ? source : destination;
            // An IPv4v6 context keeps one address; the other family cannot be checked (docs/gtp-firewall.md §8).
            var otherFamily = TunnelSpec.PdpTypeOf(t.Flags) == PdpType.IPv4v6 && user.IsIPv4 != t.EndUser.IsIPv4;
            if (!otherFamily && !InnerPacket.MatchesEndUser(user, t.EndUser))
            {
                return DropReason.EndUserAddressSpoofed;
            }
        }
        if ((checks & GtpUChecks.SequenceNumbers) != 0 && header.HasSequence)
        {
            var seen = uplink ? TunnelFlags.UplinkSequenceSeen : TunnelFlags.DownlinkSequenceSeen;
            if ((t.Flags & seen) != 0)
            {
                switch (SequenceWindow.Judge(uplink ? t.UplinkSequence : t.DownlinkSequence, header.SequenceNumber))
                {
                    case SequenceVerdict.Duplicate:
                    case SequenceVerdict.Stale:
                        return DropReason.SequenceNumberInvalid;
                    case SequenceVerdict.Late:
                        late = true;
                        break;
                }
            }
        }
        return DropReason.None;
    }

    /// <summary>
    /// <c>seq-number-validated</c> on GTP-C: a request whose sequence number is that of a pending request from the
    /// same sender to the same receiver but of another type is dropped (a retransmission repeats its own type; TS
    /// 29.060 §7.6 and TS 29.274 §7.6 tie a number to one outstanding request). The acknowledges that follow a
    /// response with the request's number (SGSN Context / Context Acknowledge) are not requests.
    /// </summary>
    private bool ReusesPendingSequence(ref PacketContext p, uint sequence, byte type)
    {
        if ((p.Profile.Filter.Checks & GtpUChecks.SequenceNumbers) == 0 || _pending.Count == 0)
        {
            return false;
        }
        var followUp = p.Protocol == GtpProtocol.V2Control ? type == GtpV2MessageType.ContextAcknowledge : type == GtpV1MessageType.SgsnContextAcknowledge;
        return !followUp
            && _pending.TryGetValue(new PendingRequestKey(p.Source, p.Destination, sequence, p.Protocol), out var pending)
            && pending.MessageType != type;
    }
}
