namespace Storage.Cgf;

/// <summary>One row the <c>cdrs</c> command shows. <see cref="Status"/> is null for a quarantined record.</summary>
public sealed record StoredCdr(
    long Id,
    string Status,
    bool PossiblyDuplicate,
    string Peer,
    int SequenceNumber,
    int RecordIndex,
    DateTimeOffset ReceivedAt,
    int? RecordType,
    string? ServedImsi,
    long? ChargingId,
    long? LocalSequenceNumber,
    DateTimeOffset? RecordOpeningTime,
    int Length,
    string? Problem,
    string? ServedMsisdn = null,
    int? RatType = null);
