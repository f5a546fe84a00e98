namespace Gtp.Firewall.Handover;

public enum HandoverDecision : byte
{
    /// <summary>The message is not a handover (or the serving node does not change).</summary>
    None = 0,
    Allowed,
    Denied,
}
