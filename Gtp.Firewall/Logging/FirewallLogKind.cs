namespace Gtp.Firewall.Logging;

public enum FirewallLogKind : byte
{
    Drop,
    Handover,
    /// <summary>A rate limit's alarm threshold passed (one line per second per GSN or APN control).</summary>
    RateLimitAlarm,
}
