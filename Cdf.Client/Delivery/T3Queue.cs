namespace Cdf.Client.Delivery;

/// <summary>
/// T3 of the data requests on the wire, in send order (TS 29.060 §7.6). T3 is one constant, so deadlines only grow:
/// a FIFO is the whole timer wheel. An entry is superseded when its exchange is timed again (a retransmission, a
/// retry after 199): each start gives a new token, and an entry whose token is no longer the exchange's is skipped.
/// Used only by the delivery loop.
/// </summary>
internal sealed class T3Queue(long t3Ticks)
{
    private readonly Queue<(long Deadline, Exchange Exchange, long Token)> _entries = new();
    private long _lastToken;

    /// <summary>Entries waiting, superseded ones included.</summary>
    public int Count => _entries.Count;

    /// <summary>Times <paramref name="exchange"/> from <paramref name="now"/> (Stopwatch ticks); earlier entries for it are superseded.</summary>
    public void Start(Exchange exchange, long now)
    {
        exchange.TimerToken = ++_lastToken;
        _entries.Enqueue((now + t3Ticks, exchange, exchange.TimerToken));
    }

    /// <summary>The next exchange whose live T3 is over at <paramref name="now"/>, superseded entries dropped on the way; false when none is due.</summary>
    public bool TryTakeExpired(long now, out Exchange exchange)
    {
        while (_entries.TryPeek(out var entry) && entry.Deadline <= now)
        {
            _entries.Dequeue();
            if (entry.Exchange.TimerToken == entry.Token)
            {
                exchange = entry.Exchange;
                return true;
            }
        }
        exchange = null!;
        return false;
    }
}
