namespace Cdf.Client.Configuration;

/// <summary>One CGF of the pool and the local socket this CDF uses toward it.</summary>
public sealed class CgfEndpointOptions
{
    public string Host { get; set; } = "127.0.0.1";
    public int Port { get; set; } = 3386;
    /// <summary>Data Record Transfer over TCP instead of UDP; CGF requests still arrive on the UDP socket.</summary>
    public bool Tcp { get; set; }
    /// <summary>
    /// Local address and UDP port of this path's socket. The CGF answers to the source port and sends its
    /// own requests (Node Alive, Echo, Redirection) to this address at its Cgf:PeerPort, so set the CGF's
    /// PeerPort to <see cref="LocalPort"/>. 0 = an ephemeral port.
    /// </summary>
    public string LocalAddress { get; set; } = "";
    public int LocalPort { get; set; }

    /// <summary>The path key in the outbox: sequence numbers are per CGF path.</summary>
    public string PathName => $"{Host}:{Port}";

    /// <summary>Parses HOST:PORT (IPv6 as [addr]:port); the port defaults to 3386.</summary>
    public static CgfEndpointOptions Parse(string text)
    {
        var endpoint = new CgfEndpointOptions();
        var colon = text.LastIndexOf(':');
        if (colon > 0 && text.IndexOf(':') == colon || text.StartsWith('[') && text.Contains("]:", StringComparison.Ordinal))
        {
            endpoint.Host = text[..colon].Trim('[', ']');
            endpoint.Port = int.Parse(text[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        }
        else
        {
            endpoint.Host = text.Trim('[', ']');
        }
        return endpoint;
    }
}
