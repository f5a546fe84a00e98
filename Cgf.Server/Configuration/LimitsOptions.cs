using Charging.GtpPrime.Transport;

namespace Cgf.Server.Configuration;

/// <summary>
/// Section <c>Cgf:Limits</c>: what an abusive or broken peer may hold of this CGF (docs/cgf-design.md, "Limits").
/// The defaults bound the TCP side to about 80 MiB in the worst case and leave well-behaved CDFs untouched.
/// </summary>
public sealed class LimitsOptions
{
    /// <summary>Sources remembered for rate-limited log lines (denied sources; peers by kind of message); the least recent is forgotten first.</summary>
    public int TrackedSources { get; set; } = 4096;
    /// <summary>At most one line per source (and kind of message) per this interval; the next line says how many were suppressed.</summary>
    public TimeSpan LogInterval { get; set; } = TimeSpan.FromMinutes(1);
    /// <summary>At most this many rate-limited lines per interval in total, however many sources: a spoofed flood cannot flood the log.</summary>
    public int LogLinesPerInterval { get; set; } = 100;
    /// <summary>A TCP connection that sends nothing for this long is closed (a CDF sends Echo Requests every Cdf:EchoInterval, 60 s by default).</summary>
    public TimeSpan TcpIdleTimeout { get; set; } = TimeSpan.FromMinutes(10);
    /// <summary>A TCP connection holding part of a message for this long, counted from the message's first octet, is closed.</summary>
    public TimeSpan TcpIncompleteFrameTimeout { get; set; } = TimeSpan.FromSeconds(30);
    /// <summary>Open TCP connections from one peer address; a further one is closed at once.</summary>
    public int TcpConnectionsPerPeer { get; set; } = 8;
    /// <summary>Open TCP connections in total; a further one is closed at once.</summary>
    public int TcpConnections { get; set; } = 256;
    /// <summary>
    /// Largest message a TCP connection may announce, so the most octets it holds while a message is incomplete. At most
    /// the largest legal GTP' message (20-octet header + 65535); a connection announcing more is closed.
    /// </summary>
    public int TcpBufferedOctets { get; set; } = GtpPrimeFrameReader.MaxFrameLength;
    /// <summary>Octets of responses queued for a TCP peer that does not read; a response past this is dropped, counted, and the connection closed.</summary>
    public int TcpQueuedResponseOctets { get; set; } = 256 * 1024;
}
