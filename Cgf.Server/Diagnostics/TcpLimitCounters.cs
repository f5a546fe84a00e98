using Cgf.Server.Transport;

namespace Cgf.Server.Diagnostics;

/// <summary>
/// What the TCP limits did (docs/cgf-design.md, "Limits"): plain counters, bumped only when a limit acts, read by the
/// observable instruments <see cref="RateLimitedLog"/> registers, so the ingest path pays nothing for them.
/// </summary>
public sealed class TcpLimitCounters
{
    private long _open;
    private long _refusedPerPeer;
    private long _refusedTotal;
    private long _closedIdle;
    private long _closedIncompleteFrame;
    private long _closedFrameTooLarge;
    private long _closedResponsesDropped;
    private long _responsesDropped;

    public long Open => Interlocked.Read(ref _open);
    public long RefusedPerPeer => Interlocked.Read(ref _refusedPerPeer);
    public long RefusedTotal => Interlocked.Read(ref _refusedTotal);
    public long ClosedIdle => Interlocked.Read(ref _closedIdle);
    public long ClosedIncompleteFrame => Interlocked.Read(ref _closedIncompleteFrame);
    public long ClosedFrameTooLarge => Interlocked.Read(ref _closedFrameTooLarge);
    public long ClosedResponsesDropped => Interlocked.Read(ref _closedResponsesDropped);
    public long ResponsesDropped => Interlocked.Read(ref _responsesDropped);

    public void Opened() => Interlocked.Increment(ref _open);
    public void Closed() => Interlocked.Decrement(ref _open);

    public void Refused(TcpAdmission admission)
    {
        if (admission == TcpAdmission.PeerLimit)
            Interlocked.Increment(ref _refusedPerPeer);
        else if (admission == TcpAdmission.TotalLimit)
            Interlocked.Increment(ref _refusedTotal);
    }

    public void ClosedBy(TcpLimit limit)
    {
        switch (limit)
        {
            case TcpLimit.Idle:
                Interlocked.Increment(ref _closedIdle);
                break;
            case TcpLimit.IncompleteFrame:
                Interlocked.Increment(ref _closedIncompleteFrame);
                break;
            case TcpLimit.FrameTooLarge:
                Interlocked.Increment(ref _closedFrameTooLarge);
                break;
            case TcpLimit.ResponsesDropped:
                Interlocked.Increment(ref _closedResponsesDropped);
                break;
        }
    }

    public void ResponseDropped() => Interlocked.Increment(ref _responsesDropped);
}
