using Cgf.Server.Export;
using Charging.CdrFiles;
using System.Net;

namespace Cgf.Server.Tests.Export.Infrastructure;

/// <summary>Exporter settings and file reading for the export tests.</summary>
public static class Exports
{
    public const string NodeId = "TESTCGF";

    public static CdrExporterSettings Settings(TestDatabase database, int maxCdrs = 100_000, long maxBytes = 64 << 20) =>
        new(Storage.Cgf.CgfStorageLocation.Sqlite(database.Path), database.ExportDirectory, NodeId, IPAddress.Parse("192.0.2.10"), maxCdrs, maxBytes, TimeSpan.FromMinutes(5));

    /// <summary>Closed files in the export directory, by file sequence number.</summary>
    public static List<(string Path, CdrFile File, bool PossiblyDuplicate)> ReadFiles(string directory)
    {
        var files = new List<(string, CdrFile, bool)>();
        foreach (var path in Directory.EnumerateFiles(directory))
        {
            if (!CdrFileName.TryParse(Path.GetFileName(path), NodeId, out _, out var pd))
                continue;
            Assert.True(CdrFileReader.TryRead(File.ReadAllBytes(path), out var file, out var error), $"{path}: {error}");
            files.Add((path, file, pd));
        }
        return files.OrderBy(f => f.Item2.Header.FileSequenceNumber).ToList();
    }
}
