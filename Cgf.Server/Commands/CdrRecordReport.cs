namespace Cgf.Server.Commands;

/// <summary>One CDR of an inspected file.</summary>
public sealed record CdrRecordReport(
    int Index,
    long Offset,
    int Length,
    string ReleaseVersion,
    byte DataRecordFormat,
    byte TsNumber,
    string RecordTypeName,
    int? RecordType,
    string? ServedImsi,
    long? ChargingId,
    long? LocalSequenceNumber,
    DateTimeOffset? RecordOpeningTime,
    long? UplinkVolume,
    long? DownlinkVolume,
    string? ServedMsisdn = null,
    int? RatType = null);
