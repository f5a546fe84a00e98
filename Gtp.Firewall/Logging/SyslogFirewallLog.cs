using Gtp.Firewall.Gtp;
using System.Globalization;

namespace Gtp.Firewall.Logging;

/// <summary>
/// Turns engine log entries into RFC 5424 messages (fw-edge <see cref="Rfc5424Formatter"/>): written synchronously
/// to a <see cref="TextWriter"/> (stdout, so lines stay in order with replay output) and, when a target is
/// configured, queued to the UDP <see cref="SyslogSink"/>. The entry's timestamp (packet time) is the TIMESTAMP.
/// </summary>
public sealed class SyslogFirewallLog : IFirewallLog, IAsyncDisposable
{
    private readonly SyslogOptions _options;
    private readonly TextWriter? _lines;
    private readonly SyslogSink? _udp;
    private readonly string _hostName;
    private readonly string _procId = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);

    public SyslogFirewallLog(SyslogOptions options, TextWriter? lines)
    {
        _options = options;
        _lines = lines;
        _hostName = options.HostName ?? Environment.MachineName;
        if (options.Target is not null)
        {
            _udp = new SyslogSink(new SyslogOptions
            {
                Target = options.Target,
                AppName = options.AppName,
                HostName = options.HostName,
                Facility = options.Facility,
                QueueCapacity = options.QueueCapacity,
                WriteToStandardOutput = false,
            });
        }
    }

    public long Written { get; private set; }

    public void Write(in FirewallLogEntry entry)
    {
        var message = ToMessage(entry, _options.Facility, _hostName, _options.AppName, _procId);
        _lines?.WriteLine(Rfc5424Formatter.Format(message));
        _udp?.TryLog(message);
        Written++;
    }

    /// <summary>MSGID GTP_DROP / GTP_HANDOVER, structured data gtpfw@32473 with the decision fields, MSG in words.</summary>
    public static SyslogMessage ToMessage(in FirewallLogEntry entry, SyslogFacility facility, string? hostName, string? appName, string? procId)
    {
        var parameters = new List<SyslogParameter>
        {
            new("version", ProtocolNames.Of(entry.Protocol)),
            new("type", entry.MessageType.ToString(CultureInfo.InvariantCulture)),
            new("src", $"{entry.Source}:{entry.SourcePort}"),
            new("dst", $"{entry.Destination}:{entry.DestinationPort}"),
        };
        if (entry.Reason != DropReason.None)
        {
            parameters.Add(new("reason", entry.Reason.ToString()));
        }
        if (entry.Kind == FirewallLogKind.Handover)
        {
            parameters.Add(new("handover", entry.Handover.ToString()));
            parameters.Add(new("basis", entry.HandoverBasis.ToString()));
            parameters.Add(new("current", entry.CurrentNode.ToString()));
            parameters.Add(new("proposed", entry.ProposedNode.ToString()));
        }
        if (entry.Detail is not null)
        {
            parameters.Add(new("limit", entry.Detail));
        }
        if (entry.Suppressed > 0)
        {
            parameters.Add(new("suppressed", entry.Suppressed.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
        if (entry.Imsi != 0)
        {
            parameters.Add(new("imsi", Gtp.Imsi.Format(entry.Imsi)));
        }
        if (entry.Policy is not null)
        {
            parameters.Add(new("policy", entry.Policy));
        }
        return new SyslogMessage(
            facility,
            (SyslogSeverity)entry.Severity,
            new DateTimeOffset(DateTime.SpecifyKind(entry.Timestamp, DateTimeKind.Utc)),
            hostName,
            appName,
            procId,
            entry.Kind switch
            {
                FirewallLogKind.Handover => "GTP_HANDOVER",
                FirewallLogKind.RateLimitAlarm => "GTP_RATE_ALARM",
                _ => "GTP_DROP",
            },
            [new SyslogStructuredElement(SyslogStructuredElement.FirewallId, parameters.ToArray())],
            entry.Describe());
    }

    public async ValueTask DisposeAsync()
    {
        if (_udp is not null)
        {
            await _udp.DisposeAsync();
        }
    }
}
