using Cgf.Server.Configuration;
using Cgf.Server.Diagnostics;
using Charging.CdrFiles;
using Microsoft.Extensions.Logging;

namespace Cgf.Server.ExportRetention;

/// <summary>
/// Applies <see cref="RetentionPlan"/> to the export directory: lists this node's closed CDR files (temporary files and
/// anything else are not touched), asks whether each is delivered, measures the file system, deletes what the plan says.
/// </summary>
public sealed class ExportDirectoryRetention(ILogger logger)
{
    private bool _aboveLogged;

    /// <summary>Files deleted since start (metric cgf.export.files_deleted).</summary>
    public long DeletedTotal => Interlocked.Read(ref _deleted);
    private long _deleted;

    public void Run(string directory, string nodeId, ExportOptions export, Func<string, bool> isDelivered, DateTimeOffset now)
    {
        var files = new List<ExportFileEntry>();
        foreach (var info in new DirectoryInfo(directory).EnumerateFiles())
        {
            if (!CdrFileName.TryParse(info.Name, nodeId, out _, out _))
                continue;
            files.Add(new ExportFileEntry(info.Name, info.Length, info.LastWriteTimeUtc, isDelivered(info.Name)));
        }
        var drive = new DriveInfo(Path.GetFullPath(directory));
        var limits = new RetentionLimits(export.Retention, export.MaxDirectoryBytes, export.HighWaterPercent,
            drive.TotalSize, drive.TotalSize - drive.AvailableFreeSpace);
        var plan = RetentionPlan.Decide(files, now, limits);
        foreach (var (file, early) in plan.Delete)
        {
            File.Delete(Path.Combine(directory, file.Name));
            Interlocked.Increment(ref _deleted);
            DeliveryLog.Deleted(logger, file.Name, file.Length, file.ClosedAt,
                early ? "delivered, deleted before its retention: the export directory is above its limit" : $"delivered and older than {export.Retention}");
        }
        if (plan.Delete.Count > 0)
            Export.DirectorySync.Flush(directory);
        if (plan.StillAboveLimit && !_aboveLogged)
            DeliveryLog.OnlyUndeliveredLeft(logger, Path.GetFullPath(directory), files.Sum(f => f.Length) - plan.Delete.Sum(d => d.File.Length),
                (int)(limits.VolumeUsedBytes * 100 / Math.Max(1, limits.VolumeBytes)));
        _aboveLogged = plan.StillAboveLimit;
    }
}
