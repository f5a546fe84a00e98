namespace Storage.Cgf.Retention;

/// <summary>
/// Retention on a pool's database (docs/cgf-pool.md "Retention and delivery"): a walk over the table in id order, a
/// chunk of rows per step, from the first row to the first one younger than the cutoff. Rows that are old enough go
/// (CDRs only once exported); a CDR not exported yet is stepped over, not waited for: in a pool a pending packet of a
/// CGF that never comes back would otherwise hold every later row forever. Ids follow arrival closely enough (ids are
/// taken at insert, ages are the reception or commit time) that the first young row ends the pass; a slightly older
/// row behind it goes in a later pass. Each step reads at most a chunk, so a look with nothing due costs one row
/// rather than a scan of everything kept.
/// </summary>
public static class RetentionWalk
{
    /// <summary>
    /// Adds to <paramref name="removable"/> the ids among <paramref name="rows"/> (id order, after the walk's position,
    /// at most <paramref name="chunk"/>) that retention removes; returns where the next step starts (the last id read),
    /// or null when this pass is over (a young row, or the end of the table) and the next starts from the first row.
    /// </summary>
    public static long? Step(IReadOnlyList<StoredRowAge> rows, int chunk, long cutoffMs, bool requireExported, List<long> removable)
    {
        foreach (var row in rows)
        {
            if (row.StoredAtMs >= cutoffMs)
                return null;
            if (!requireExported || row.Status == CdrStatus.Exported)
                removable.Add(row.Id);
        }
        return rows.Count < chunk ? null : rows[^1].Id;
    }
}
