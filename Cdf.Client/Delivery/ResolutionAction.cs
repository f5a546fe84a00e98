namespace Cdf.Client.Delivery;

/// <summary>What the delivery loop does with the answer to the Release (PTC 4) or Cancel (PTC 3) of a held copy.</summary>
internal enum ResolutionAction
{
    /// <summary>128 or 253: released or cancelled; the CDRs are delivered exactly once.</summary>
    Complete,
    /// <summary>254: the CGF no longer holds the copy (resolved before a CDF crash, or expired into billing flagged).</summary>
    AlreadyResolved,
    /// <summary>199: the same Release or Cancel again after the busy delay.</summary>
    RetryLater,
    /// <summary>Any other cause: the held copy and its CDRs wait for an operator.</summary>
    Park,
}
