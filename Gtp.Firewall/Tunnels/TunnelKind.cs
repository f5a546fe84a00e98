namespace Gtp.Firewall.Tunnels;

public enum TunnelKind : byte
{
    Free = 0,
    /// <summary>A PDP context (v0/v1) or an EPS bearer (v2).</summary>
    Context,
    /// <summary>A short-lived data-forwarding tunnel set up from a handover Acknowledge/Response.</summary>
    Forwarding,
}
