using Cdf.Client.Delivery;
using Charging.GtpPrime;
using Charging.GtpPrime.Codec;
using Microsoft.Extensions.Logging;
using Storage.Cdf;
using System.Net;

namespace Cdf.Client.Diagnostics;

/// <summary>
/// The CDF client's log messages, with stable event ids. Values go in as they are (requests, causes, addresses,
/// exceptions), so a structured sink keeps them and nothing is formatted when the level is off.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "outbox {Path}: {Queued} CDRs queued, {InFlight} requests in flight, {Uncertain} uncertain, {Held} held, {Parked} parked")]
    public static partial void Loaded(ILogger logger, string path, int queued, int inFlight, int uncertain, int held, int parked);

    [LoggerMessage(2, LogLevel.Information, "CGF {Path}: local UDP {Local}, {Transport}")]
    public static partial void PathOpened(ILogger logger, string path, IPEndPoint local, string transport);

    [LoggerMessage(3, LogLevel.Warning, "CGF {Path} is down: {Transmissions} transmissions of {Kind} #{SequenceNumber} unanswered; {Requests} unacknowledged requests fail over")]
    public static partial void PathDownUnanswered(ILogger logger, string path, int transmissions, ExchangeKind kind, ushort sequenceNumber, int requests);

    [LoggerMessage(4, LogLevel.Information, "CGF {Path} is up again ({Reason})")]
    public static partial void PathUp(ILogger logger, string path, string reason);

    [LoggerMessage(5, LogLevel.Warning, "CGF {Path} redirects (cause {Cause:D}, recommended node {Recommended})")]
    public static partial void Redirected(ILogger logger, string path, GtpPrimeCause cause, IPAddress? recommended);

    [LoggerMessage(6, LogLevel.Error, "request {Request} parked: cause {Cause:D}; its {Cdrs} CDRs stay in the outbox")]
    public static partial void Parked(ILogger logger, OutboxRequest request, GtpPrimeCause cause, int cdrs);

    [LoggerMessage(7, LogLevel.Information, "failover: {Request} is re-sent to {Path} as possibly duplicated #{SequenceNumber}")]
    public static partial void FailedOver(ILogger logger, OutboxRequest request, string path, ushort sequenceNumber);

    [LoggerMessage(8, LogLevel.Information, "test packet {Request}: cause {Cause:D} → {Presence}")]
    public static partial void Probed(ILogger logger, OutboxRequest request, GtpPrimeCause cause, Presence presence);

    [LoggerMessage(9, LogLevel.Information, "{Action} of {Request}: cause {Cause:D}")]
    public static partial void Resolved(ILogger logger, ExchangeKind action, OutboxRequest request, GtpPrimeCause cause);

    [LoggerMessage(10, LogLevel.Warning, "CGF {Path} restarted (Recovery {Old} → {New})")]
    public static partial void PeerRestarted(ILogger logger, string path, byte old, byte @new);

    /// <summary>A problem the TCP connection reports in its own words (connect failures, resets).</summary>
    [LoggerMessage(11, LogLevel.Debug, "CGF {Path}: {Problem}")]
    public static partial void TransportProblem(ILogger logger, string path, string problem);

    [LoggerMessage(12, LogLevel.Warning, "CGF {Path}: malformed message from {Source}: {Error}")]
    public static partial void Malformed(ILogger logger, string path, IPEndPoint source, GtpDecodeError error);

    [LoggerMessage(13, LogLevel.Debug, "CGF {Path}: response {Type} #{SequenceNumber} answers nothing we wait for")]
    public static partial void UnexpectedResponse(ILogger logger, string path, GtpPrimeMessageType type, ushort sequenceNumber);

    [LoggerMessage(14, LogLevel.Warning, "{Request}: unexpected cause {Cause:D}, taken as {Meaning}")]
    public static partial void UnexpectedCause(ILogger logger, OutboxRequest request, GtpPrimeCause cause, string meaning);

    [LoggerMessage(15, LogLevel.Information, "Node Alive from {Source} for {Node}")]
    public static partial void NodeAlive(ILogger logger, IPEndPoint source, IPAddress node);

    [LoggerMessage(16, LogLevel.Error, "outbox write failed; retrying")]
    public static partial void OutboxFailed(ILogger logger, Exception exception);

    [LoggerMessage(17, LogLevel.Critical, "delivery loop: unexpected failure, continuing")]
    public static partial void LoopFailed(ILogger logger, Exception exception);

    [LoggerMessage(18, LogLevel.Warning, "CGF {Path} is down: cause 199 {Answers} times; {Requests} unacknowledged requests fail over")]
    public static partial void PathDownBusy(ILogger logger, string path, int answers, int requests);

    [LoggerMessage(19, LogLevel.Warning, "CGF {Path} is down: Echo unanswered; {Requests} unacknowledged requests fail over")]
    public static partial void PathDownEchoUnanswered(ILogger logger, string path, int requests);

    /// <summary>ICMP port unreachable and the like: the retransmission timer decides what it means.</summary>
    [LoggerMessage(20, LogLevel.Debug, "CGF {Path}: UDP send failed")]
    public static partial void SendFailed(ILogger logger, string path, Exception exception);

    [LoggerMessage(21, LogLevel.Warning, "CGF {Path}: {Type} from {Source} ignored: a CDF does not take Data Record Transfer Requests")]
    public static partial void UnexpectedRequest(ILogger logger, string path, GtpPrimeMessageType type, IPEndPoint source);
}
