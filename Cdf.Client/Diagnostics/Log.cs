using Microsoft.Extensions.Logging;
using System.Net;

namespace Cdf.Client.Diagnostics;

/// <summary>The CDF client's log messages, with stable event ids.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "outbox {Path}: {Queued} CDRs queued, {InFlight} requests in flight, {Uncertain} uncertain, {Held} held, {Parked} parked")]
    public static partial void Loaded(ILogger logger, string path, int queued, int inFlight, int uncertain, int held, int parked);

    [LoggerMessage(2, LogLevel.Information, "CGF {Path}: local UDP {Local}, {Transport}")]
    public static partial void PathOpened(ILogger logger, string path, IPEndPoint local, string transport);

    [LoggerMessage(3, LogLevel.Warning, "CGF {Path} is down: {Reason}; {Requests} unacknowledged requests fail over")]
    public static partial void PathDown(ILogger logger, string path, string reason, int requests);

    [LoggerMessage(4, LogLevel.Information, "CGF {Path} is up again ({Reason})")]
    public static partial void PathUp(ILogger logger, string path, string reason);

    [LoggerMessage(5, LogLevel.Warning, "CGF {Path} redirects (cause {Cause}, recommended node {Recommended})")]
    public static partial void Redirected(ILogger logger, string path, int cause, string recommended);

    [LoggerMessage(6, LogLevel.Error, "request {Request} parked: cause {Cause}; its {Cdrs} CDRs stay in the outbox")]
    public static partial void Parked(ILogger logger, string request, int cause, int cdrs);

    [LoggerMessage(7, LogLevel.Information, "failover: {Request} is re-sent to {Path} as possibly duplicated #{SequenceNumber}")]
    public static partial void FailedOver(ILogger logger, string request, string path, int sequenceNumber);

    [LoggerMessage(8, LogLevel.Information, "test packet {Request}: cause {Cause} → {Presence}")]
    public static partial void Probed(ILogger logger, string request, int cause, string presence);

    [LoggerMessage(9, LogLevel.Information, "{Action} of {Request}: cause {Cause}")]
    public static partial void Resolved(ILogger logger, string action, string request, int cause);

    [LoggerMessage(10, LogLevel.Warning, "CGF {Path} restarted (Recovery {Old} → {New})")]
    public static partial void PeerRestarted(ILogger logger, string path, int old, int @new);

    [LoggerMessage(11, LogLevel.Debug, "CGF {Path}: {Problem}")]
    public static partial void TransportProblem(ILogger logger, string path, string problem);

    [LoggerMessage(12, LogLevel.Warning, "CGF {Path}: malformed message from {Source}: {Error}")]
    public static partial void Malformed(ILogger logger, string path, IPEndPoint source, string error);

    [LoggerMessage(13, LogLevel.Debug, "CGF {Path}: response {Type} #{SequenceNumber} answers nothing we wait for")]
    public static partial void UnexpectedResponse(ILogger logger, string path, string type, int sequenceNumber);

    [LoggerMessage(14, LogLevel.Warning, "{Request}: unexpected cause {Cause}, taken as {Meaning}")]
    public static partial void UnexpectedCause(ILogger logger, string request, int cause, string meaning);

    [LoggerMessage(15, LogLevel.Information, "Node Alive from {Source} for {Node}")]
    public static partial void NodeAlive(ILogger logger, IPEndPoint source, IPAddress node);

    [LoggerMessage(16, LogLevel.Error, "outbox write failed: {Message}; retrying")]
    public static partial void OutboxFailed(ILogger logger, string message);

    [LoggerMessage(17, LogLevel.Critical, "delivery loop: unexpected failure, continuing")]
    public static partial void LoopFailed(ILogger logger, Exception exception);
}
