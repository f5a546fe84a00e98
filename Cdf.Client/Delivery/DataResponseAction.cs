namespace Cdf.Client.Delivery;

/// <summary>What the delivery loop does with the answer to a data request (PTC 1 or 2), by its cause.</summary>
internal enum DataResponseAction
{
    /// <summary>PTC 1 answered 128, 177, 252 or 253: the CGF has the CDRs; they leave the outbox.</summary>
    Acknowledge,
    /// <summary>PTC 2 answered 128, 177 or 253: the CGF holds the copy until Release or Cancel (docs/gtp-prime.md §5.6).</summary>
    Hold,
    /// <summary>PTC 2 answered 252: that CGF had committed the very same packet, so nothing is held and the chain is done.</summary>
    CompleteChain,
    /// <summary>199 No resources available: the CGF stored nothing; the same bytes and number again later.</summary>
    RetryLater,
    /// <summary>Any other cause, known or not: resending the same bytes cannot help; the request waits for an operator.</summary>
    Park,
}
