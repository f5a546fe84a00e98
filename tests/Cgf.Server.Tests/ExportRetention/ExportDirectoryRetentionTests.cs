using Cgf.Server.Configuration;
using Cgf.Server.ExportRetention;
using Cgf.Server.Tests.Export.Infrastructure;
using Charging.CdrFiles;

namespace Cgf.Server.Tests.ExportRetention;

/// <summary>The deletion in a real directory: only this node's closed CDR files, by modification time, never undelivered ones.</summary>
public class ExportDirectoryRetentionTests
{
    [Fact]
    public void DeletesOnlyThisNodesClosedDeliveredFilesPastTheRetention()
    {
        using var directory = new TempDirectory();
        var now = DateTimeOffset.UtcNow;
        var old = now.AddDays(-8);
        string Create(string name, DateTimeOffset written)
        {
            var path = directory.File(name);
            File.WriteAllBytes(path, new byte[100]);
            File.SetLastWriteTimeUtc(path, written.UtcDateTime);
            return name;
        }
        var delivered = Create(CdrFileName.Format(Exports.NodeId, 1, old, false), old);
        var deliveredPd = Create(CdrFileName.Format(Exports.NodeId, 2, old, true), old);
        var undelivered = Create(CdrFileName.Format(Exports.NodeId, 3, old, false), old);
        var recent = Create(CdrFileName.Format(Exports.NodeId, 4, now, false), now);
        var writing = Create(CdrFileName.Format(Exports.NodeId, 5, old, false) + CdrFileName.TemporarySuffix, old);
        var otherNode = Create(CdrFileName.Format("OTHERCGF", 1, old, false), old);
        var stranger = Create("notes.txt", old);
        var logger = new ListLogger();
        var retention = new ExportDirectoryRetention(logger);

        retention.Run(directory.Path, Exports.NodeId, new ExportOptions(), name => name != undelivered, now);

        var left = Directory.GetFiles(directory.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(new[] { undelivered, recent, writing, otherNode, stranger }.Order(StringComparer.Ordinal), left);
        Assert.Equal(2, retention.DeletedTotal);
        Assert.Contains(logger.Messages, m => m.StartsWith($"Deleted export file {delivered}", StringComparison.Ordinal));
        Assert.Contains(logger.Messages, m => m.StartsWith($"Deleted export file {deliveredPd}", StringComparison.Ordinal));
    }

    [Fact]
    public void AboveMaxDirectoryBytesTheOldestDeliveredGoEarlyAndAWarningSaysWhenOnlyUndeliveredAreLeft()
    {
        using var directory = new TempDirectory();
        var now = DateTimeOffset.UtcNow;
        var names = Enumerable.Range(1, 4).Select(i =>
        {
            var name = CdrFileName.Format(Exports.NodeId, (uint)i, now, false);
            File.WriteAllBytes(directory.File(name), new byte[1000]);
            File.SetLastWriteTimeUtc(directory.File(name), now.AddMinutes(i - 10).UtcDateTime);
            return name;
        }).ToArray();
        var logger = new ListLogger();
        var retention = new ExportDirectoryRetention(logger);
        var options = new ExportOptions { MaxDirectoryBytes = 1500, HighWaterPercent = 100 };

        // Files 1 and 2 undelivered, 3 and 4 delivered: 3 goes, 4 too, and 2000 octets of undelivered files stay.
        retention.Run(directory.Path, Exports.NodeId, options, name => name == names[2] || name == names[3], now);
        Assert.Equal(names[..2], Directory.GetFiles(directory.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Single(logger.Messages, m => m.Contains("every file left is undelivered", StringComparison.Ordinal));
        retention.Run(directory.Path, Exports.NodeId, options, _ => false, now);
        Assert.Single(logger.Messages, m => m.Contains("every file left is undelivered", StringComparison.Ordinal)); // once per state change
    }
}
