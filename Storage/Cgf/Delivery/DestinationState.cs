namespace Storage.Cgf.Delivery;

/// <summary>One row of <c>delivery_destinations</c>: the running state of a configured destination, for <c>status</c>.</summary>
public sealed record DestinationState(
    string Destination,
    int Priority,
    bool Active,
    int ConsecutiveFailures,
    DateTimeOffset? LastSuccess,
    DateTimeOffset? LastFailure,
    string? LastError);
