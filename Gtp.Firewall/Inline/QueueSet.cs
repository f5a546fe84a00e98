namespace Gtp.Firewall.Inline;

/// <summary>
/// The bound queues of <c>run</c> (Firewall:Queue:Number and the Count - 1 after it), each read by its own packet
/// thread. The counts are the queues' totals, read on other threads (each addend may be one packet old, never torn).
/// </summary>
internal sealed class QueueSet(IReadOnlyList<NetfilterQueue> queues) : IDisposable
{
    public IReadOnlyList<NetfilterQueue> Queues { get; } = queues;

    public long Accepted => Queues.Sum(q => q.Accepted);
    public long Dropped => Queues.Sum(q => q.Dropped);
    public long VerdictMessages => Queues.Sum(q => q.VerdictMessages);
    public long VerdictFailures => Queues.Sum(q => q.VerdictFailures);
    public long Overruns => Queues.Sum(q => q.Overruns);
    public long Unjudged => Queues.Sum(q => q.Unjudged);
    public long InternalErrors => Queues.Sum(q => q.InternalErrors);
    public long PoliciesTaken => Queues.Sum(q => q.PoliciesTaken);
    public int HeldNow => Queues.Sum(q => q.HeldNow);
    public long HeldTotal => Queues.Sum(q => q.HeldTotal);
    public long HeldAccepted => Queues.Sum(q => q.HeldAccepted);
    public long HeldDropped => Queues.Sum(q => q.HeldDropped);
    public long HeldOverflows => Queues.Sum(q => q.HeldOverflows);
    public Exception? FirstInternalError => Queues.Select(q => q.FirstInternalError).FirstOrDefault(e => e is not null);

    public void Dispose()
    {
        foreach (var queue in Queues)
        {
            queue.Dispose();
        }
    }
}
