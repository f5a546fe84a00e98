namespace Cgf.Server.Transport;

/// <summary>
/// When a TCP connection that has sent nothing more must be closed: Cgf:Limits:TcpIdleTimeout after its last octet,
/// or, while it holds part of a message, Cgf:Limits:TcpIncompleteFrameTimeout after that message's first octet (so a
/// peer trickling one octet at a time cannot hold the buffer for ever), whichever comes first.
/// </summary>
public readonly record struct TcpInputDeadline(long AtMs, TcpLimit Limit)
{
    /// <param name="lastReceivedMs">When the last octets arrived (or the connection was accepted).</param>
    /// <param name="partialSinceMs">When the incomplete message's first octet arrived; null when none is held.</param>
    public static TcpInputDeadline Next(long lastReceivedMs, long? partialSinceMs, TimeSpan idleTimeout, TimeSpan incompleteFrameTimeout)
    {
        var idle = new TcpInputDeadline(lastReceivedMs + (long)idleTimeout.TotalMilliseconds, TcpLimit.Idle);
        if (partialSinceMs is not { } since)
            return idle;
        var incomplete = new TcpInputDeadline(since + (long)incompleteFrameTimeout.TotalMilliseconds, TcpLimit.IncompleteFrame);
        return incomplete.AtMs <= idle.AtMs ? incomplete : idle;
    }
}
