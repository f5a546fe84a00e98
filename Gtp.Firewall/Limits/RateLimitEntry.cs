namespace Gtp.Firewall.Limits;

/// <summary>
/// One rate-limited key: <c>gsn ADDRESS</c> or <c>apn-control PROFILE/NAME</c>; the last second (packet time, in
/// seconds since 0001-01-01) it was over a threshold, the seconds it was over its alarm threshold, and its drops
/// (up to the last logged drop line).
/// </summary>
public readonly record struct RateLimitEntry(string Key, long LastSecond, long AlarmSeconds, long Drops)
{
    public DateTime LastOver => new(LastSecond * TimeSpan.TicksPerSecond, DateTimeKind.Utc);
}
