namespace Cdf.Client.Delivery;

/// <summary>
/// What the answer to a test packet (PTC 2 with an empty Data Record Packet and the old sequence number) or to the
/// Cancel of an earlier copy says about that earlier request (docs/gtp-prime.md §5.6).
/// </summary>
internal enum ProbeAnswer
{
    /// <summary>199: ask again after the busy delay.</summary>
    RetryLater,
    /// <summary>A first 128 to a test packet: a late 128 to the old Send looks the same, so a second test packet decides.</summary>
    AskAgain,
    /// <summary>The CGF does not have the earlier request (128 confirmed, or any answer to a Cancel).</summary>
    Absent,
    /// <summary>252 or 253: the CGF had the earlier request already.</summary>
    Present,
    /// <summary>
    /// An unexpected cause to a test packet, taken as absent: Release then lets a possible duplicate through flagged,
    /// while taking it as present would lose the CDRs.
    /// </summary>
    AssumedAbsent,
}
