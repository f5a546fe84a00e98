namespace Gtp.Firewall;

/// <summary>Why the engine dropped a packet. <see cref="None"/> means it was not dropped.</summary>
public enum DropReason : byte
{
    None = 0,
    IpMalformed,
    IpFragmentMalformed,
    /// <summary>Reassembly limits hit (too many datagrams, too many bytes or fragments, or a datagram over 65,535 octets).</summary>
    FragmentLimitExceeded,
    /// <summary>Overlapping fragments (RFC 5722 for IPv6; treated the same for IPv4).</summary>
    FragmentOverlap,
    /// <summary>A datagram not reassembled within the reassembly timeout (counted per datagram).</summary>
    FragmentTimeout,
    UdpMalformed,
    GtpHeaderMalformed,
    /// <summary>The GTP Length field disagrees with the UDP payload.</summary>
    GtpLengthMismatch,
    UnsupportedVersion,
    UnknownMessageType,
    ExtensionHeaderMalformed,
    IeMalformed,
    /// <summary>A v0/v1 TV IE of unknown type: its length is unknown, so the rest cannot be parsed.</summary>
    UnknownTvIe,
    MandatoryIeMissing,
    /// <summary>GTPv2 piggyback: the carried message is malformed or itself has P=1 (TS 29.274 §5.5.1).</summary>
    InvalidPiggyback,
    /// <summary>GTPv0 TID not usable (e.g. zero for a message that needs one).</summary>
    InvalidTid,
    /// <summary>Source or destination is in no configured zone.</summary>
    NoZone,
    /// <summary>No policy matched, or the matching policy denies.</summary>
    PolicyDenied,
    /// <summary>A response with no request seen (sequence number + peer), "Req Rsp context not match".</summary>
    UnmatchedResponse,
    /// <summary>No tunnel for (destination address, TEID), or the sender is not the tunnel's peer.</summary>
    NoTunnel,
    HandoverDenied,
    /// <summary>A GTPv1 message tried to update a tunnel made by GTPv0.</summary>
    VersionMismatch,
    PendingRequestLimit,
    TunnelLimit,
    /// <summary>A G-PDU or End Marker on a forwarding tunnel from another node than the old side recorded at set-up.</summary>
    ForwardingSenderMismatch,
    /// <summary>A fragment of a datagram discarded within the last reassembly timeout (overlap, limits, timeout).</summary>
    FragmentOfDiscardedDatagram,
    /// <summary>The inline queue already holds its maximum of fragments waiting for their datagram's verdict.</summary>
    FragmentHoldLimit,
    /// <summary>Over the profile's drop threshold for GTP-C messages to this destination GSN in this second.</summary>
    GsnRateLimited,
    /// <summary>Over an APN control's drop threshold in this second.</summary>
    ApnRateLimited,
    /// <summary>An APN/IMSI-prefix rule with action drop matched the Create PDP Context / Create Session request.</summary>
    ApnFiltered,
    /// <summary>An APN/IMSI-prefix <c>selection</c> rule matched and the request's selection mode is not one it lets through.</summary>
    SelectionModeDenied,
    /// <summary>A GSN of the creating request already holds the profile's <c>limit tunnel</c> tunnels.</summary>
    GsnTunnelLimit,
    /// <summary>The profile's drop list names this message type for this GTP version (Junos <c>drop</c>).</summary>
    MessageTypeFiltered,
    /// <summary>The header's Length field is below the profile's minimum for this version (<c>min-message-length</c>).</summary>
    MessageTooShort,
    /// <summary>The header's Length field is above the profile's maximum for this version (<c>max-message-length</c>).</summary>
    MessageTooLong,
    /// <summary><c>seq-number-validated</c>: a duplicate or stale G-PDU sequence number, or a request reusing a pending request's number.</summary>
    SequenceNumberInvalid,
    /// <summary><c>gtp-in-gtp-denied</c>: the G-PDU's T-PDU is itself GTP.</summary>
    GtpInGtp,
    /// <summary><c>end-user-address-validated</c>: the T-PDU's user address is not the one the context was given.</summary>
    EndUserAddressSpoofed,
}
