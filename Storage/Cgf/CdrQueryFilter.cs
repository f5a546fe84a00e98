namespace Storage.Cgf;

/// <summary>What the <c>cdrs</c> command asks for; null fields do not filter.</summary>
public sealed record CdrQueryFilter(
    string? ServedImsi = null,
    long? ChargingId = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    CdrStatus? Status = null,
    bool Quarantined = false,
    int Limit = 100);
