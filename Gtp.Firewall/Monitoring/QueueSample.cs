namespace Gtp.Firewall.Monitoring;

/// <summary>
/// The queue's totals at one sample: packets handed over without a verdict (gaps in the ids), dropped by the kernel at
/// the queue limit, receive overruns, and the kernel's backlog against the queue's length.
/// </summary>
public readonly record struct QueueSample(long Unjudged, long KernelDropped, long Overruns, int Backlog, int MaxLength, bool FailOpen);
