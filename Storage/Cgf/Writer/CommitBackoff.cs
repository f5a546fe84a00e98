namespace Storage.Cgf.Writer;

/// <summary>How long the writer pauses after a failed commit (disk full, I/O error) before the next batch.</summary>
internal static class CommitBackoff
{
    private static readonly TimeSpan First = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan Longest = TimeSpan.FromSeconds(2);

    /// <summary>The pause after one more failure: 50 ms, doubled each time, at most 2 s.</summary>
    public static TimeSpan Next(TimeSpan current) =>
        current == TimeSpan.Zero ? First : TimeSpan.FromTicks(Math.Min(current.Ticks * 2, Longest.Ticks));
}
