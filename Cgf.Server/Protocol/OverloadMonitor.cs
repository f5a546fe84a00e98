using Cgf.Server.Configuration;
using Microsoft.Extensions.Options;

namespace Cgf.Server.Protocol;

/// <summary>
/// Overload with hysteresis: past the high-water mark new Data Record Transfer Requests are answered
/// 199 until the queue drains below the low-water mark, so the queue never grows without bound.
/// </summary>
public sealed class OverloadMonitor(IOptions<CgfOptions> options)
{
    private int _overloaded;
    private int _entered;

    public bool IsOverloaded => Volatile.Read(ref _overloaded) == 1;

    /// <summary>True when the request must be answered 199.</summary>
    public bool ShouldReject(int queueDepth)
    {
        if (queueDepth >= options.Value.Overload.HighWaterMark)
        {
            if (Interlocked.Exchange(ref _overloaded, 1) == 0)
                Volatile.Write(ref _entered, 1);
            return true;
        }
        return IsOverloaded;
    }

    /// <summary>True once per overload episode, for the service that tells peers (Redirection cause 61).</summary>
    public bool TakeEntered() => Interlocked.Exchange(ref _entered, 0) == 1;

    /// <summary>True when the overload ended now (queue at or below the low-water mark).</summary>
    public bool TryLeave(int queueDepth) =>
        queueDepth <= options.Value.Overload.LowWaterMark && Interlocked.CompareExchange(ref _overloaded, 0, 1) == 1;
}
