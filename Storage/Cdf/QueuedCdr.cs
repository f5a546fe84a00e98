using Charging.CdrFiles;

namespace Storage.Cdf;

/// <summary>
/// A CDR durably in the outbox and not yet packed into a request, with the Data Record Packet identifiers it goes out
/// with (null: written by an older outbox without them, it goes out with the options' identifiers).
/// </summary>
public readonly record struct QueuedCdr(long Id, byte[] Data, CdrRecordFormat? RecordFormat = null);
