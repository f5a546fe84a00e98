using Charging.Cdr;
using Charging.CdrFiles;

namespace Storage.Cgf;

/// <summary>
/// The queried fields of a stored CDR, decoded from its record octets (schema v4: ingest stores only the
/// record, CdrIndexer and CdrQuery decode it). Only BER records are decoded (Data Record Format 1,
/// docs/gtp-prime.md §3.1 Data Record Packet octet 5, kept in the top octet of <c>cdrs.record_format</c>); PER records,
/// and BER records of types CdrSummaryReader does not know, give a summary whose fields are all null.
/// </summary>
public static class StoredCdrFields
{
    public static CdrSummary Read(long recordFormat, ReadOnlySpan<byte> data, bool subscriber = true) =>
        (recordFormat >> 24 & 0xFF) == DataRecordFormat.Ber ? CdrSummaryReader.Read(data, subscriber) : default;
}
