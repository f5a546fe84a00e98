namespace Gtp.Firewall.Configuration;

/// <summary>
/// A rate limit in messages per second of packet time (Junos <c>rate-limit</c>; docs/gtp-firewall.md, "Rate
/// limiting"): at least one threshold, each 1-80,000. <see cref="MessageTypes"/> limits the count to listed types.
/// </summary>
public class RateLimitOptions
{
    public const int MaxThreshold = 80_000;

    /// <summary>Over this many messages in one second: one alarm line per second (the messages pass).</summary>
    public int? AlarmThreshold { get; set; }

    /// <summary>Over this many messages in one second: the rest of that second's messages are dropped.</summary>
    public int? DropThreshold { get; set; }

    /// <summary>Only these message types count; absent = every GTP-C message.</summary>
    public RateLimitMessageTypesOptions? MessageTypes { get; set; }
}
