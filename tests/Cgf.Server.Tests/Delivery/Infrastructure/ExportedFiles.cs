using Cgf.Server.Export;
using Cgf.Server.Tests.Export.Infrastructure;
using Charging.CdrFiles;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cgf.Server.Tests.Delivery.Infrastructure;

/// <summary>A CGF database with CDRs exported into recorded TS 32.297 files through the real exporter.</summary>
internal static class ExportedFiles
{
    /// <summary>Ingests <paramref name="cdrs"/> CDRs (starting at <paramref name="first"/>) and exports them, <paramref name="perFile"/> per file.</summary>
    public static List<byte[]> Add(TestDatabase database, int cdrs, int perFile, int first = 0)
    {
        var records = Enumerable.Range(first, cdrs).Select(i => TestCdrs.Sgw($"26201{i:D10}", i, i)).ToList();
        database.Ingest(records, perRequest: 25, firstSequence: first + 1);
        using var exporter = new CdrExporter(Exports.Settings(database, maxCdrs: perFile), NullLogger.Instance);
        exporter.ExportAll();
        return records;
    }

    /// <summary>The CDR files under their final names in a remote directory, read with the project's TS 32.297 reader.</summary>
    public static List<(string Name, CdrFile File)> Read(string directory)
    {
        var files = new List<(string, CdrFile)>();
        foreach (var name in SshServer.FinalNames(directory))
        {
            Assert.True(CdrFileName.TryParse(name, Exports.NodeId, out _, out _), $"unexpected remote file {name}");
            Assert.True(CdrFileReader.TryRead(File.ReadAllBytes(Path.Combine(directory, name)), out var file, out var error), $"{name}: {error}");
            files.Add((name, file));
        }
        return files.OrderBy(f => f.Item2.Header.FileSequenceNumber).ToList();
    }
}
