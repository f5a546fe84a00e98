using Gtp.Firewall.Gtp;
using Gtp.Firewall.Handover;
using Gtp.Firewall.Tunnels;

namespace Gtp.Firewall.Inspection;

/// <summary>
/// A request waiting for its response, matched by (requester, responder, sequence number, version) — not by TEID,
/// since responses after failures may carry TEID 0 (docs/gtp-firewall.md §4.2). Holds what the response would commit.
/// </summary>
public sealed class PendingRequest
{
    public GtpProtocol Protocol { get; init; }
    public byte MessageType { get; init; }
    public long CreatedTicks { get; init; }
    public GtpProfile Profile { get; init; } = GtpProfile.Default;
    /// <summary>The tunnel the request acts on (update/delete), or -1.</summary>
    public int Slot { get; init; } = -1;
    public uint Generation { get; init; }
    public ulong Imsi { get; set; }
    /// <summary>Proposed serving side (v0/v1 create/update).</summary>
    public TunnelSpec Proposed;
    /// <summary>Create Session bearers, or the contexts a handover request carries.</summary>
    public List<TunnelSpec>? Contexts { get; set; }
    /// <summary>Modify Bearer: the new Sender F-TEID, if any.</summary>
    public bool HasNewServingControl { get; init; }
    /// <summary>Modify Bearer / Create Bearer: the bearer contexts of the request.</summary>
    public List<Gtp.V2.BearerContext>? BearerContexts { get; set; }
    /// <summary>Create Indirect Data Forwarding Tunnel: the forwarding endpoints the request names.</summary>
    public List<Gtp.V2.ForwardingFTeid>? Forwarding { get; set; }
    /// <summary>Create Session: the FQ-CSIDs of the request; Delete PDN Connection Set: the sets to delete.</summary>
    public List<PdnConnectionSetId>? Csids { get; set; }
    /// <summary>Delete Bearer: the EBIs to delete (null = the whole PDN connection).</summary>
    public List<byte>? Bearers { get; set; }
    /// <summary>Create/Update PDP Context, Modify Bearer: the subscriber fields of the request (charging only).</summary>
    public SubscriberFields? Subscriber { get; set; }
    /// <summary>Create Session / Update Bearer: the request's IEs, read per bearer at the response (charging only).</summary>
    public byte[]? SubscriberIes { get; set; }
}
