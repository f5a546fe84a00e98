namespace Cgf.Server.Diagnostics;

/// <summary>The per-peer lines <see cref="RateLimitedLog"/> limits, each on its own: one kind never hides another.</summary>
public enum PeerLogKind
{
    NodeAlive,
    Redirection,
    VersionNotSupported,
    TcpRefused,
    TcpClosedByLimit,
    ResponseDropped,
    RecordFormatRefused,
}
