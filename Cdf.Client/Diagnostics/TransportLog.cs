using Charging.GtpPrime.Codec;
using Microsoft.Extensions.Logging;
using System.Net;

namespace Cdf.Client.Diagnostics;

/// <summary>The CDF transport's log messages (GTP' over TCP toward a CGF), with stable event ids from 100.</summary>
internal static partial class TransportLog
{
    [LoggerMessage(100, LogLevel.Debug, "CGF {Remote}: TCP connect failed")]
    public static partial void TcpConnectFailed(ILogger logger, IPEndPoint remote, Exception exception);

    [LoggerMessage(101, LogLevel.Debug, "CGF {Remote}: TCP connection lost")]
    public static partial void TcpConnectionLost(ILogger logger, IPEndPoint remote, Exception exception);

    [LoggerMessage(102, LogLevel.Debug, "CGF {Remote}: TCP connection closed by the CGF")]
    public static partial void TcpClosedByPeer(ILogger logger, IPEndPoint remote);

    [LoggerMessage(103, LogLevel.Warning, "CGF {Remote}: not GTP' on the TCP stream ({Status} at offset {Offset}: {Detail}), closing")]
    public static partial void TcpUnframeable(ILogger logger, IPEndPoint remote, GtpDecodeStatus status, int offset, string? detail);

    [LoggerMessage(104, LogLevel.Debug, "CGF {Remote}: TCP send queue full, message dropped (T3 retransmits it)")]
    public static partial void TcpSendQueueFull(ILogger logger, IPEndPoint remote);
}
