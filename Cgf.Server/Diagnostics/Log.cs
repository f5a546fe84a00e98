using Charging.GtpPrime;
using Microsoft.Extensions.Logging;
using System.Net;

namespace Cgf.Server.Diagnostics;

/// <summary>Source-generated log messages with stable event ids.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "CGF {NodeId} started: restart counter {RestartCounter}, database {DatabasePath}")]
    public static partial void Started(ILogger logger, string nodeId, int restartCounter, string databasePath);

    [LoggerMessage(2, LogLevel.Information, "Listening for GTP' on {Transport} {Endpoint}")]
    public static partial void Listening(ILogger logger, string transport, EndPoint endpoint);

    [LoggerMessage(3, LogLevel.Warning, "Dropped GTP' from {Source}: not in Cgf:Peers ({Dropped} dropped from it so far, {Suppressed} not logged since the last line)")]
    public static partial void PeerNotAllowed(ILogger logger, IPAddress source, long dropped, long suppressed);

    [LoggerMessage(4, LogLevel.Debug, "Malformed GTP' from {Source}: {Error}")]
    public static partial void Malformed(ILogger logger, string source, string error);

    [LoggerMessage(6, LogLevel.Warning, "Pending possibly duplicated packets past the hold time committed with the possibly-duplicate flag: {Packets} packets, {Cdrs} CDRs")]
    public static partial void HoldExpired(ILogger logger, int packets, int cdrs);

    [LoggerMessage(7, LogLevel.Warning, "Peer {Peer} did not answer {Message} after {Attempts} attempts")]
    public static partial void PeerNotAnswering(ILogger logger, string peer, GtpPrimeMessageType message, int attempts);

    [LoggerMessage(8, LogLevel.Information, "Peer {Peer} answered {Message}")]
    public static partial void PeerAnswered(ILogger logger, string peer, GtpPrimeMessageType message);

    [LoggerMessage(9, LogLevel.Information, "Node Alive Request from {Peer} (node {NodeAddress}; {Suppressed} more not logged since the last line)")]
    public static partial void NodeAliveReceived(ILogger logger, string peer, IPAddress nodeAddress, long suppressed);

    [LoggerMessage(10, LogLevel.Warning, "Overload: {Depth} requests queued (high-water mark {HighWaterMark}); answering 199 and redirecting {Peers} active peers with cause 61")]
    public static partial void OverloadEntered(ILogger logger, int depth, int highWaterMark, int peers);

    [LoggerMessage(11, LogLevel.Information, "Overload over: {Depth} requests queued; announcing recovery with Node Alive to {Peers} peers")]
    public static partial void OverloadLeft(ILogger logger, int depth, int peers);

    [LoggerMessage(12, LogLevel.Information, "Shutting down: Redirection Request cause 63 to {Peers} active peers (recommended node {RecommendedNode})")]
    public static partial void Redirecting(ILogger logger, int peers, string recommendedNode);

    [LoggerMessage(13, LogLevel.Information, "TCP connection from {Remote} closed: {Reason}")]
    public static partial void TcpClosed(ILogger logger, EndPoint? remote, string reason);

    [LoggerMessage(17, LogLevel.Information, "TCP connection from {Remote} failed")]
    public static partial void TcpFailed(ILogger logger, EndPoint? remote, Exception exception);

    [LoggerMessage(14, LogLevel.Warning, "Redirection Request (cause {Cause}) received from peer {Peer}; a CGF does not redirect, answered 128 ({Suppressed} more not logged since the last line)")]
    public static partial void RedirectionReceived(ILogger logger, string peer, int cause, long suppressed);

    [LoggerMessage(15, LogLevel.Warning, "Peer {Peer} does not support GTP' version {Version} ({Suppressed} more not logged since the last line)")]
    public static partial void PeerVersionNotSupported(ILogger logger, string peer, int version, long suppressed);

    [LoggerMessage(16, LogLevel.Error, "Receive loop on {Transport} failed")]
    public static partial void ReceiveFailed(ILogger logger, string transport, Exception exception);

    [LoggerMessage(40, LogLevel.Error, "Storage failure, requests in the failed transaction answered 199 and nothing acknowledged")]
    public static partial void StorageFailed(ILogger logger, Exception exception);

    [LoggerMessage(50, LogLevel.Warning, "Monitoring sample failed: {Error}")]
    public static partial void MonitorSampleFailed(ILogger logger, string error);

    [LoggerMessage(130, LogLevel.Warning, "Refused a Data Record Transfer Request from {Peer}: Data Record Format {Format} has no TS 32.297 CDR header code; answered cause {Cause} (docs/gtp-prime.md §3.1; {Suppressed} more not logged since the last line)")]
    public static partial void RecordFormatRefused(ILogger logger, string peer, byte format, byte cause, long suppressed);
}
