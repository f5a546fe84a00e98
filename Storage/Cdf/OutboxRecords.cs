using Charging.CdrFiles;

namespace Storage.Cdf;

/// <summary>
/// The records of a request's CDR range, in id order, and the Data Record Packet identifiers they were packed with
/// (one set per request; null: written by an older outbox without them, the options' identifiers).
/// </summary>
public sealed record OutboxRecords(IReadOnlyList<byte[]> Records, CdrRecordFormat? RecordFormat);
