namespace Gtp.Firewall.Tunnels;

public enum TunnelDeleteReason : byte
{
    /// <summary>Delete PDP Context / Delete Session / Delete Bearer accepted.</summary>
    Deleted,
    IdleTimeout,
    /// <summary>A peer's Recovery (restart counter) changed.</summary>
    PeerRestart,
    /// <summary>A new context for the same IMSI + NSAPI/EBI replaced it.</summary>
    Replaced,
    /// <summary>Forwarding tunnel closed by an End Marker.</summary>
    EndMarker,
    /// <summary>Forwarding tunnel lifetime elapsed.</summary>
    ForwardingExpired,
    /// <summary>Delete Indirect Data Forwarding Tunnel accepted (TS 29.274 §7.2.21).</summary>
    IndirectForwardingDeleted,
    /// <summary>Delete PDN Connection Set accepted for a CSID the bearer was set up with (TS 29.274 §7.9.2).</summary>
    PdnConnectionSetDeleted,
}
