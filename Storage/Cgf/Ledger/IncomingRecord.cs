namespace Storage.Cgf.Ledger;

/// <summary>One CDR of a request, copied out of the receive buffer; malformed ones go to quarantine.</summary>
public readonly record struct IncomingRecord(byte[] Data, bool WellFormed, string? Problem = null);
