namespace Cdf.Client.Delivery;

/// <summary>Whether new traffic may go to a CGF.</summary>
public enum CgfPathState
{
    Up,
    /// <summary>N3 transmissions went unanswered (or 199 persisted): Echo or Node Alive bring it back.</summary>
    Down,
    /// <summary>It sent a Redirection Request: no new traffic until it sends Node Alive (docs/gtp-prime.md §5.5).</summary>
    Redirected,
}
