using System.Globalization;

namespace Gtp.Firewall.Monitoring;

/// <summary>
/// One queue's line of <c>/proc/net/netfilter/nfnetlink_queue</c> (per network namespace): packets waiting for a
/// verdict, packets dropped at the queue limit (without fail-open; with it the kernel passes them and counts nothing),
/// packets it could not send to the socket (without fail-open), and the last packet id it assigned.
/// </summary>
public readonly record struct KernelQueueStatistics(int Backlog, long Dropped, long UserDropped, uint LastId)
{
    public const string ProcPath = "/proc/net/netfilter/nfnetlink_queue";

    /// <summary>
    /// Finds <paramref name="queueNumber"/> in the file's text. Columns (net/netfilter/nfnetlink_queue.c, seq_show):
    /// queue number, peer port id, queue total, copy mode, copy range, queue dropped, user dropped, id sequence, 1.
    /// </summary>
    public static bool TryParse(string text, int queueNumber, out KernelQueueStatistics statistics)
    {
        statistics = default;
        foreach (var line in (text ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 8 || !int.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number != queueNumber)
                continue;
            if (!int.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var total)
                || !long.TryParse(fields[5], NumberStyles.None, CultureInfo.InvariantCulture, out var dropped)
                || !long.TryParse(fields[6], NumberStyles.None, CultureInfo.InvariantCulture, out var userDropped)
                || !uint.TryParse(fields[7], NumberStyles.None, CultureInfo.InvariantCulture, out var lastId))
                return false;
            statistics = new KernelQueueStatistics(total, dropped, userDropped, lastId);
            return true;
        }
        return false;
    }

    /// <summary>The statistics of each of <paramref name="queueNumbers"/> present in this process's network namespace (one read of the file).</summary>
    public static IReadOnlyList<(int Queue, KernelQueueStatistics Statistics)> Read(IEnumerable<int> queueNumbers)
    {
        string text;
        try
        {
            text = File.ReadAllText(ProcPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return [];
        }
        var found = new List<(int, KernelQueueStatistics)>();
        foreach (var number in queueNumbers)
        {
            if (TryParse(text, number, out var statistics))
                found.Add((number, statistics));
        }
        return found;
    }

    /// <summary>Several queues as one: drops summed, the largest backlog (the one nearest its queue's limit), no last id.</summary>
    public static KernelQueueStatistics Combine(IEnumerable<KernelQueueStatistics> queues)
    {
        var combined = default(KernelQueueStatistics);
        foreach (var q in queues)
            combined = new KernelQueueStatistics(Math.Max(combined.Backlog, q.Backlog), combined.Dropped + q.Dropped, combined.UserDropped + q.UserDropped, 0);
        return combined;
    }

    /// <summary>The queue's statistics in this process's network namespace, or null where the file or the queue is absent.</summary>
    public static KernelQueueStatistics? Read(int queueNumber)
    {
        try
        {
            return TryParse(File.ReadAllText(ProcPath), queueNumber, out var statistics) ? statistics : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
