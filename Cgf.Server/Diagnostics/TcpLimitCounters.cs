using Cgf.Server.Transport;

namespace Cgf.Server.Diagnostics;

/// <summary>
/// What the TCP limits did (docs/cgf-design.md, "Limits"): plain counters, bumped only when a limit acts, read by the
/// observable instruments of <see cref="LimitInstruments"/>, so the ingest path pays nothing for them.
/// </summary>
public sealed class TcpLimitCounters
{
    private readonly long[] _refused = new long[Enum.GetValues<TcpAdmission>().Length];
    private readonly long[] _closedBy = new long[Enum.GetValues<TcpLimit>().Length];
    private long _open;
    private long _responsesDropped;

    public long Open => Interlocked.Read(ref _open);
    public long RefusedPerPeer => Interlocked.Read(ref _refused[(int)TcpAdmission.PeerLimit]);
    public long RefusedTotal => Interlocked.Read(ref _refused[(int)TcpAdmission.TotalLimit]);
    public long ClosedIdle => ClosedByLimit(TcpLimit.Idle);
    public long ClosedIncompleteFrame => ClosedByLimit(TcpLimit.IncompleteFrame);
    public long ClosedFrameTooLarge => ClosedByLimit(TcpLimit.FrameTooLarge);
    public long ClosedResponsesDropped => ClosedByLimit(TcpLimit.ResponsesDropped);
    public long ResponsesDropped => Interlocked.Read(ref _responsesDropped);

    public long ClosedByLimit(TcpLimit limit) => Interlocked.Read(ref _closedBy[(int)limit]);

    public void Opened() => Interlocked.Increment(ref _open);
    public void Closed() => Interlocked.Decrement(ref _open);
    public void Refused(TcpAdmission admission) => Interlocked.Increment(ref _refused[(int)admission]);
    public void ClosedBy(TcpLimit limit) => Interlocked.Increment(ref _closedBy[(int)limit]);
    public void ResponseDropped() => Interlocked.Increment(ref _responsesDropped);
}
