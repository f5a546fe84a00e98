namespace Gtp.Firewall.Tunnels;

/// <summary>The message a forwarding tunnel was set up from (docs/gtp-firewall.md, "Forwarding tunnels").</summary>
public enum ForwardingSource : byte
{
    /// <summary>GTPv0/v1 SGSN Context Acknowledge: TEID Data II / Flow Label Data II (TS 29.060 §7.5.5).</summary>
    SgsnContextAcknowledge,
    /// <summary>GTPv1 Forward Relocation Response: TEID Data II and SGSN user address (TS 29.060 §7.5.7).</summary>
    ForwardRelocationResponse,
    /// <summary>GTPv1 Forward Relocation Response: RAB Setup Information, target RNC (TS 29.060 §7.7.39).</summary>
    RabSetupInformation,
    /// <summary>GTPv2 Context Acknowledge forwarding F-TEIDs (TS 29.274 §7.3.7).</summary>
    ContextAcknowledge,
    /// <summary>GTPv2 Forward Relocation Response bearer forwarding F-TEIDs (TS 29.274 §7.3.2).</summary>
    ForwardRelocationResponseV2,
    /// <summary>GTPv2 Create Indirect Data Forwarding Tunnel Request/Response (TS 29.274 §7.2.18/§7.2.19).</summary>
    IndirectDataForwarding,
}
