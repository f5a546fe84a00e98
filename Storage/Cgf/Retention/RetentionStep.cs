namespace Storage.Cgf.Retention;

/// <summary>What one retention chunk removed: CDRs, lookup-table entries, quarantined records.</summary>
public readonly record struct RetentionStep(int Cdrs, int IndexEntries, int Quarantined)
{
    public bool RemovedAny => Cdrs > 0 || IndexEntries > 0 || Quarantined > 0;
}
