namespace Storage.Cgf.Retention;

/// <summary>
/// Which of the oldest stored rows retention may remove (docs/cgf-design.md "Retention"): the longest run from the
/// first id of rows that are exported, when CDRs, and older than the cutoff, stopping before the row holding the
/// highest id. A CDR not exported stops the run: it and everything after it stay, whatever their age. The row
/// holding the highest id stays because SQLite gives a new row max(rowid) + 1: removed, the next CDR would get an
/// id at or below export_cursor and indexed_through_id, and export and the lookup tables would skip it. For CDRs the
/// caller passes the highest id of a row that is not pending: a pending row above it may still be cancelled
/// (deleted), which would leave the table empty.
/// </summary>
public static class RemovablePrefix
{
    /// <summary>
    /// The last id to remove among <paramref name="rows"/> (id order, from the table's first row), or null for none.
    /// <paramref name="maxId"/> is the id of the row that must stay (for CDRs the highest one not pending);
    /// <paramref name="requireExported"/> is false for quarantined records, which are never exported.
    /// </summary>
    public static long? LastRemovable(IReadOnlyList<StoredRowAge> rows, long maxId, long cutoffMs, bool requireExported)
    {
        long? last = null;
        foreach (var row in rows)
        {
            if (row.Id >= maxId || row.StoredAtMs >= cutoffMs || (requireExported && row.Status != CdrStatus.Exported))
                break;
            last = row.Id;
        }
        return last;
    }
}
