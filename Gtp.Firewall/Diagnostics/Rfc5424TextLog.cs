using System.Text;

namespace Gtp.Firewall.Diagnostics;

/// <summary>
/// Writes each entry as one RFC 5424 line (§6: PRI VERSION TIMESTAMP HOSTNAME APP-NAME PROCID MSGID SD MSG)
/// to a <see cref="TextWriter"/>, facility local0 (16).
/// </summary>
public sealed class Rfc5424TextLog(TextWriter writer, string appName = "gtp-fw", string? hostName = null) : IFirewallLog
{
    private const int FacilityLocal0 = 16;
    private readonly string _host = string.IsNullOrEmpty(hostName) ? SafeHostName() : hostName;
    private readonly int _processId = Environment.ProcessId;

    public void Write(in FirewallLogEntry entry) => writer.WriteLine(Format(entry, appName, _host, _processId));

    public static string Format(in FirewallLogEntry entry, string appName, string host, int processId)
    {
        var pri = FacilityLocal0 * 8 + entry.Severity;
        var msgId = entry.Kind == FirewallLogKind.Handover ? "GTP_HANDOVER" : "GTP_DROP";
        var sb = new StringBuilder(256);
        sb.Append('<').Append(pri).Append(">1 ")
            .Append(entry.Timestamp.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'"))
            .Append(' ').Append(host).Append(' ').Append(appName).Append(' ').Append(processId).Append(' ').Append(msgId)
            .Append(" [gtp@32473 version=\"").Append(ProtocolNames.Of(entry.Protocol))
            .Append("\" type=\"").Append(entry.MessageType)
            .Append("\" src=\"").Append(entry.Source).Append("\" dst=\"").Append(entry.Destination)
            .Append("\" reason=\"").Append(entry.Reason).Append("\"] ")
            .Append(entry.Describe());
        return sb.ToString();
    }

    private static string SafeHostName()
    {
        var name = Environment.MachineName;
        return string.IsNullOrEmpty(name) ? "-" : name;
    }
}
