namespace Gtp.Firewall.Limits;

/// <summary>
/// A per-APN rate limit (Junos <c>apn-control NAME apn STRING rate-limit …</c>). <see cref="Key"/> names its
/// counter: profile and control name, so two profiles never share one.
/// </summary>
public sealed record ApnControl(string Name, string Key, ApnPattern Apn, RateLimit Limit);
