namespace Gtp.Firewall.Logging;

/// <summary>Syslog severity levels (RFC 5424 §6.2.1, Table 2).</summary>
public enum SyslogSeverity
{
    Emergency = 0,
    Alert = 1,
    Critical = 2,
    Error = 3,
    Warning = 4,
    Notice = 5,
    Informational = 6,
    Debug = 7,
}
