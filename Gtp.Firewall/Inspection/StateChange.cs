namespace Gtp.Firewall.Inspection;

/// <summary>Tunnel state changes (and accepted network-requested activations) committed by the messages of docs/gtp-firewall.md "State changes", counted per kind.</summary>
public enum StateChange : byte
{
    /// <summary>Update Bearer Response accepted: bearer user F-TEIDs replaced (TS 29.274 §7.2.16).</summary>
    BearerUpdated,
    /// <summary>Release Access Bearers Response accepted: S1-U/Iu-U side of the UE's bearers released (TS 29.274 §7.2.22).</summary>
    AccessBearersReleased,
    /// <summary>Delete Indirect Data Forwarding Tunnel Response accepted (TS 29.274 §7.2.21).</summary>
    IndirectForwardingDeleted,
    /// <summary>Initiate PDP Context Activation Response accepted for a live primary context (TS 29.060 §7.3.10).</summary>
    SecondaryActivationInitiated,
    /// <summary>Delete PDN Connection Set Response accepted and bearers of its CSIDs removed (TS 29.274 §7.9.2).</summary>
    PdnConnectionSetDeleted,
}
