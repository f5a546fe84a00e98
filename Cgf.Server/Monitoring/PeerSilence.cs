namespace Cgf.Server.Monitoring;

/// <summary>
/// When a configured peer counts as silent: nothing heard from it for twice its echo interval (a CDF sends an Echo
/// Request every Cdf:EchoInterval even when idle, docs/gtp-prime.md §5.2; one lost Echo is not yet an alarm).
/// </summary>
public static class PeerSilence
{
    public const int MissedEchoes = 2;

    /// <param name="lastHeardMs">When the peer was last heard, or when monitoring started if never.</param>
    public static bool IsSilent(long lastHeardMs, long nowMs, TimeSpan echoInterval) =>
        nowMs - lastHeardMs > MissedEchoes * echoInterval.TotalMilliseconds;
}
