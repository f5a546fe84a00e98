namespace Storage.Cgf.Delivery;

/// <summary>What <c>status</c> shows of delivery to billing; <see cref="OldestUndelivered"/> dates the oldest file some destination lacks.</summary>
public sealed record CgfDeliveryStatus(
    IReadOnlyList<CgfDestinationStatus> Destinations,
    long UndeliveredFiles,
    DateTimeOffset? OldestUndelivered);

/// <summary>One configured destination as <c>status</c> shows it.</summary>
public sealed record CgfDestinationStatus(
    string Destination,
    long DeliveredFiles,
    DateTimeOffset? LastSuccess,
    int ConsecutiveFailures,
    bool Active,
    DateTimeOffset? LastFailure,
    string? LastError);
