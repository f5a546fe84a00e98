namespace Cdf.Client.Delivery;

/// <summary>Why an exchange ended without a response.</summary>
internal enum DeliveryFailure
{
    None,
    /// <summary>N3 transmissions, T3 each, all unanswered.</summary>
    TimedOut,
    /// <summary>The path was marked down or the client is stopping.</summary>
    Aborted,
}
