using Storage.Cdf;

namespace Cdf.Client.Delivery;

/// <summary>One request this CDF sends and waits for (with T3/N3 retransmission); owned by the delivery loop.</summary>
internal sealed class Exchange
{
    public required ExchangeKind Kind { get; init; }
    public required CgfPath Path { get; init; }
    public required ushort SequenceNumber { get; init; }
    /// <summary>Data: the request itself; TestPacket/CancelPredecessor: the uncertain request; Release/Cancel: the held copy.</summary>
    public OutboxRequest? Request { get; init; }
    public required byte[] Message { get => _message; init => _message = value; }
    private byte[] _message = [];
    public long StartedTimestamp { get; set; }
    /// <summary>When a request answered 199 may be sent again (Stopwatch ticks); 0 = not waiting.</summary>
    public long RetryAt { get; set; }
    /// <summary>Data requests: which transmission (1..N3) is on the wire.</summary>
    public int Transmission { get; set; }
    /// <summary>Data requests: the loop's T3 entry that is live; older entries (earlier transmissions, a 199 retry) are stale.</summary>
    public long TimerToken { get; set; }

    /// <summary>
    /// Lets go of the message once the exchange is final. The loop's T3 queue keeps each exchange until its deadline
    /// (T3 after the last transmission), so without this every message sent in the last T3 stayed reachable: at
    /// 180,000 CDRs/s with 50 per request about 200 MB, which went to gen2 and showed in the p99 latency.
    /// </summary>
    public void ReleaseMessage() => _message = [];
}
