namespace Gtp.Firewall.Limits;

/// <summary>
/// The limits of one GTP profile (docs/gtp-firewall.md): the rate limit per destination GSN, the per-APN rate limits
/// (most specific APN first), APN/IMSI-prefix filtering, and the tunnels one GSN may hold (0 = no limit).
/// </summary>
public sealed record ProfileLimits(RateLimit? GsnRateLimit, IReadOnlyList<ApnControl> ApnControls, ApnFilter ApnFilter, int TunnelLimit)
{
    public static ProfileLimits None { get; } = new(null, [], ApnFilter.None, 0);

    /// <summary>The first APN control whose pattern matches, or null.</summary>
    public ApnControl? FindApnControl(ReadOnlySpan<char> apn)
    {
        foreach (var control in ApnControls)
        {
            if (control.Apn.Matches(apn))
            {
                return control;
            }
        }
        return null;
    }
}
