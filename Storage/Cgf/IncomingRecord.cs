using Charging.Cdr;

namespace Storage.Cgf;

/// <summary>
/// One CDR of a request, copied out of the receive buffer; malformed ones go to quarantine.
/// <paramref name="Summary"/> holds the fields extracted for indexing (all null when not extracted).
/// </summary>
public readonly record struct IncomingRecord(byte[] Data, bool WellFormed, string? Problem = null, CdrSummary Summary = default);
