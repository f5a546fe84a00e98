using System.Globalization;
using System.Net;

namespace Gtp.Firewall.Logging;

/// <summary>A parsed <c>Syslog:Target</c>: a host name or IP literal and a UDP port.</summary>
public readonly record struct SyslogTarget(string Host, int Port)
{
    /// <summary>The default syslog UDP port (RFC 5426 §3.3).</summary>
    public const int DefaultPort = 514;

    /// <summary>Accepts "host:port", "1.2.3.4:port", "[2001:db8::1]:port", and a bare host or address (port 514).</summary>
    public static bool TryParse(string? text, out SyslogTarget target)
    {
        target = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        text = text.Trim();
        if (IPEndPoint.TryParse(text, out var endPoint) && (endPoint.Port != 0 || !text.EndsWith(":0", StringComparison.Ordinal)))
        {
            // IPEndPoint.TryParse yields port 0 when none is given.
            var port = endPoint.Port == 0 ? DefaultPort : endPoint.Port;
            target = new SyslogTarget(endPoint.Address.ToString(), port);
            return true;
        }

        var colon = text.LastIndexOf(':');
        var host = colon < 0 ? text : text[..colon];
        var portText = colon < 0 ? null : text[(colon + 1)..];
        if (host.Length == 0 || host.Contains(':') || Uri.CheckHostName(host) == UriHostNameType.Unknown)
        {
            return false;
        }

        var parsedPort = DefaultPort;
        if (portText is not null && (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out parsedPort) || parsedPort is < 1 or > 65535))
        {
            return false;
        }

        target = new SyslogTarget(host, parsedPort);
        return true;
    }

    public override string ToString() => Host.Contains(':') ? $"[{Host}]:{Port}" : $"{Host}:{Port}";
}
