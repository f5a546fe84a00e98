namespace Gtp.Firewall.Configuration;

/// <summary>
/// <c>Firewall:Queue</c>: the Linux NFQUEUE queue that <c>run</c> attaches to. Either this object or just the queue
/// number (<c>"Queue": 0</c>). Optional; only <c>run</c> reads it.
/// </summary>
public sealed class QueueOptions
{
    /// <summary>More queue threads than this only wait for the engine lock (docs/firewall-multicore.md).</summary>
    public const int MaxCount = 64;

    /// <summary>
    /// Queue number (iptables <c>--queue-num</c>, nftables <c>queue num</c>), 0–65535; with <see cref="Count"/> &gt; 1
    /// the first of the queues <c>Number</c>..<c>Number + Count - 1</c>.
    /// </summary>
    public int Number { get; set; }

    /// <summary>
    /// Queues bound, each read by its own packet thread (iptables <c>--queue-balance first:last</c>, nftables
    /// <c>queue num first-last</c>); all share one engine (docs/firewall-multicore.md). 1–64, default 1.
    /// </summary>
    public int Count { get; set; } = 1;

    /// <summary>
    /// NFQA_CFG_F_FAIL_OPEN: when the kernel queue is full the packet is accepted instead of dropped. (Whether
    /// packets pass while no program is attached is the rule's <c>--queue-bypass</c> / <c>bypass</c>.)
    /// </summary>
    public bool FailOpen { get; set; } = true;

    /// <summary>
    /// Packets the kernel holds waiting for a verdict (nfq_set_queue_maxlen). 65536 rides out a ~0.3 s stall of the
    /// packet thread at 200,000 packets/s (8192 lost packets on the shared 2-core test machine).
    /// </summary>
    public int MaxLength { get; set; } = 65536;

    /// <summary>
    /// Netlink socket receive buffer in bytes (SO_RCVBUFFORCE): a queued small packet takes about 1 KiB of it, so
    /// 64 MiB lets the socket hold about as many as <see cref="MaxLength"/>.
    /// </summary>
    public int ReceiveBufferBytes { get; set; } = 64 * 1024 * 1024;

    /// <summary>NFQA_CFG_F_GSO: take GSO super-packets unsegmented (each is one GTP datagram only if GRO is off).</summary>
    public bool Gso { get; set; }

    /// <summary>
    /// IP fragments held in the kernel queue without a verdict until their datagram is reassembled and judged
    /// (docs/firewall-design.md, "Fragments"); beyond this a fragment is dropped and its datagram discarded. Held
    /// packets also count against <see cref="MaxLength"/>.
    /// </summary>
    public int MaxHeldFragments { get; set; } = 4096;

    /// <summary>Log entries waiting for the log writer thread; beyond this they are dropped and counted.</summary>
    public int LogQueueCapacity { get; set; } = 4096;

    /// <summary>The queue numbers bound: <see cref="Number"/> and the <see cref="Count"/> - 1 after it.</summary>
    public IEnumerable<int> Numbers => Enumerable.Range(Number, Count);

    /// <summary>"queue 3" or "queues 3-4", as the start line and the errors name them.</summary>
    public string Describe() => Count == 1 ? $"queue {Number}" : $"queues {Number}-{Number + Count - 1}";

    /// <summary>The first problem as one line naming the key, or null.</summary>
    public string? Validate()
    {
        if (Number is < 0 or > ushort.MaxValue)
        {
            return $"Firewall:Queue:Number: {Number} is not 0-65535";
        }
        if (Count is < 1 or > MaxCount)
        {
            return $"Firewall:Queue:Count: {Count} is not 1-{MaxCount}";
        }
        if (Number + Count - 1 > ushort.MaxValue)
        {
            return $"Firewall:Queue:Count: queues {Number}-{Number + Count - 1} go past queue 65535";
        }
        if (MaxLength <= 0)
        {
            return $"Firewall:Queue:MaxLength: {MaxLength} must be positive";
        }
        if (MaxHeldFragments <= 0)
        {
            return $"Firewall:Queue:MaxHeldFragments: {MaxHeldFragments} must be positive";
        }
        if (ReceiveBufferBytes < 65536)
        {
            return $"Firewall:Queue:ReceiveBufferBytes: {ReceiveBufferBytes} must be at least 65536";
        }
        if (LogQueueCapacity <= 0)
        {
            return $"Firewall:Queue:LogQueueCapacity: {LogQueueCapacity} must be positive";
        }
        return null;
    }
}
