namespace Storage.Cgf.Writer;

/// <summary>
/// How a cap on the database's disk use (Cgf:Storage:MaxDatabaseSize) is shared between the database file and its
/// WAL (docs/cgf-design.md "Size cap"). The WAL gets a quarter of the cap, at most the checkpointer's default
/// restart size. The checkpointer starts it over at half of that share, as soon as the writer sees the file past it,
/// and SQLite truncates the file back to that half when it starts over (PRAGMA journal_size_limit); the other half
/// is room for the commits between. The database file gets the rest, through PRAGMA max_page_count.
/// </summary>
public readonly record struct SizeBudget(long DatabaseBytes, long WalLimitBytes, long WalRestartBytes)
{
    /// <summary>The split of <paramref name="capBytes"/> (0: no cap, only the WAL restart size applies).</summary>
    public static SizeBudget For(long capBytes, long defaultRestartBytes)
    {
        if (capBytes <= 0)
            return new SizeBudget(0, 0, defaultRestartBytes);
        var wal = Math.Max(1, Math.Min(capBytes / 4, defaultRestartBytes));
        return new SizeBudget(capBytes - wal, wal, Math.Max(1, wal / 2));
    }
}
