namespace Gtp.Firewall.Logging;

/// <summary>
/// One RFC 5424 message. Null header fields and empty structured data are written as NILVALUE "-" (§6.2, §6.3).
/// </summary>
public sealed record SyslogMessage(
    SyslogFacility Facility,
    SyslogSeverity Severity,
    DateTimeOffset? Timestamp,
    string? HostName,
    string? AppName,
    string? ProcId,
    string? MsgId,
    IReadOnlyList<SyslogStructuredElement> StructuredData,
    string? Message);
