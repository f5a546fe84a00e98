namespace Gtp.Firewall.Configuration;

/// <summary>A per-APN rate limit (Junos <c>apn-control NAME apn STRING rate-limit …</c>): the APN pattern and the thresholds.</summary>
public sealed class ApnControlOptions : RateLimitOptions
{
    /// <summary>An APN, <c>*</c>, <c>*SUFFIX</c> or <c>NI.*</c> (docs/gtp-firewall.md, "APN patterns").</summary>
    public string? Apn { get; set; }
}
