namespace Gtp.Firewall.Configuration;

/// <summary>
/// <c>Firewall:Queue</c>: the Linux NFQUEUE queue that <c>run</c> attaches to. Either this object or just the queue
/// number (<c>"Queue": 0</c>). Optional; only <c>run</c> reads it.
/// </summary>
public sealed class QueueOptions
{
    /// <summary>Queue number (iptables <c>--queue-num</c>, nftables <c>queue num</c>), 0–65535.</summary>
    public int Number { get; set; }

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

    /// <summary>The first problem as one line naming the key, or null.</summary>
    public string? Validate()
    {
        if (Number is < 0 or > ushort.MaxValue)
        {
            return $"Firewall:Queue:Number: {Number} is not 0-65535";
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
