namespace Gtp.Firewall.Logging;

/// <summary>
/// The <c>Firewall:Syslog</c> configuration section. <see cref="Target"/> and <see cref="AppName"/> are the keys in
/// appsettings.json; the others are optional and default as shown.
/// </summary>
public sealed class SyslogOptions
{
    /// <summary>"host:port" or "[IPv6]:port" of a UDP syslog receiver (RFC 5426); null writes to stdout only.</summary>
    public string? Target { get; set; }

    public string AppName { get; set; } = "gtp-fw";

    /// <summary>HOSTNAME field; null uses the machine name.</summary>
    public string? HostName { get; set; }

    public SyslogFacility Facility { get; set; } = SyslogFacility.Local0;

    /// <summary>Messages waiting to be written; when full, new messages are dropped and counted.</summary>
    public int QueueCapacity { get; set; } = 8192;

    /// <summary>Also write each line to stdout (or the writer given to the sink).</summary>
    public bool WriteToStandardOutput { get; set; } = true;
}
