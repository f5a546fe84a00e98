namespace Cgf.Server.ExportRetention;

/// <summary>
/// Which export files to delete (docs/delivery-design.md "Export directory"): every delivered file older than the
/// retention; then, while the files exceed Cgf:Export:MaxDirectoryBytes or the file system is used above
/// Cgf:Export:HighWaterPercent, the oldest delivered files before their retention. An undelivered file is never chosen.
/// "Delivered" is the caller's: with no destination configured, every closed file is (billing collects by pull).
/// </summary>
public static class RetentionPlan
{
    public sealed record Result(IReadOnlyList<(ExportFileEntry File, bool Early)> Delete, bool StillAboveLimit);

    public static Result Decide(IReadOnlyList<ExportFileEntry> files, DateTimeOffset now, RetentionLimits limits)
    {
        var delete = new List<(ExportFileEntry, bool)>();
        var kept = new List<ExportFileEntry>();
        foreach (var file in files.OrderBy(f => f.ClosedAt).ThenBy(f => f.Name, StringComparer.Ordinal))
        {
            if (file.Delivered && now - file.ClosedAt >= limits.Retention)
                delete.Add((file, false));
            else
                kept.Add(file);
        }
        var directoryBytes = kept.Sum(f => f.Length);
        var volumeUsed = limits.VolumeUsedBytes - delete.Sum(d => d.Item1.Length);
        bool Above() =>
            (limits.MaxDirectoryBytes > 0 && directoryBytes > limits.MaxDirectoryBytes) ||
            (limits.VolumeBytes > 0 && volumeUsed * 100 > limits.VolumeBytes * (long)limits.HighWaterPercent);
        foreach (var file in kept)
        {
            if (!Above())
                break;
            if (!file.Delivered)
                continue;
            delete.Add((file, true));
            directoryBytes -= file.Length;
            volumeUsed -= file.Length;
        }
        return new Result(delete, Above());
    }
}
