using Charging.CdrFiles;
using System.Globalization;

namespace Cgf.Soak.Bench;

/// <summary>One report line of the soak benchmark: the load's figures and the disk the CGF holds at that moment.</summary>
internal sealed record Sample(
    TimeSpan Elapsed, double AckedPerSecond, double P99Ms, long DatabaseBytes, long ExportBytes, int ExportFiles, int? Undelivered, long? Delivered)
{
    public static Sample Take(TimeSpan elapsed, double ackedPerSecond, double p99Ms, string serverDirectory, string export, string nodeId, DeliveredCdrs? billing)
    {
        // The database as it takes disk: the file and its WAL (Cgf:Storage:MaxDatabaseSize counts both).
        var database = Size(Path.Combine(serverDirectory, "cgf.db")) + Size(Path.Combine(serverDirectory, "cgf.db-wal"));
        long exportBytes = 0;
        var files = 0;
        var undelivered = 0;
        if (Directory.Exists(export))
        {
            foreach (var file in new DirectoryInfo(export).EnumerateFiles())
            {
                if (!CdrFileName.TryParse(file.Name, nodeId, out _, out _))
                    continue;
                files++;
                exportBytes += file.Length;
                if (billing is not null && !billing.WasRead(file.Name))
                    undelivered++;
            }
        }
        return new Sample(elapsed, ackedPerSecond, p99Ms, database, exportBytes, files, billing is null ? null : undelivered, billing?.Files);
    }

    private static long Size(string path) => File.Exists(path) ? new FileInfo(path).Length : 0;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Elapsed.TotalSeconds,5:0} {AckedPerSecond,13:0} {P99Ms,8:0.0} {DatabaseBytes / 1e6,10:0.0} {ExportBytes / 1e6,10:0.0} {ExportFiles,6} {Undelivered?.ToString(CultureInfo.InvariantCulture) ?? "-",11} {Delivered?.ToString(CultureInfo.InvariantCulture) ?? "-",9}");
}
