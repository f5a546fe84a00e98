using Cgf.Server.Configuration;
using Cgf.Server.Export;
using System.Diagnostics;
using System.Globalization;

namespace Cgf.Server.Commands;

/// <summary>
/// <c>Cgf.Server export --out DIR [--max-cdrs N] [--max-bytes B]</c>: exports every committed CDR into
/// TS 32.297 files now (the last file of each kind closes as "manual closure"). Runs beside the server.
/// </summary>
public static class ExportCommand
{
    public static readonly string[] OptionNames = ["--out", "--max-cdrs", "--max-bytes"];

    public static int Run(CommandArguments arguments)
    {
        var options = CommandConfiguration.Load(arguments);
        var export = options.Export;
        if (arguments.Options.TryGetValue("--out", out var directory))
            export.Directory = directory;
        if (string.IsNullOrWhiteSpace(export.Directory))
            return Fail("--out DIR is required (or set Cgf:Export:Directory)");
        if (arguments.Options.TryGetValue("--max-cdrs", out var maxCdrs))
        {
            if (!int.TryParse(maxCdrs, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
                return Fail($"--max-cdrs '{maxCdrs}' is not a number");
            export.MaxCdrs = value;
        }
        if (arguments.Options.TryGetValue("--max-bytes", out var maxBytes))
        {
            if (!long.TryParse(maxBytes, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
                return Fail($"--max-bytes '{maxBytes}' is not a number");
            export.MaxBytes = value;
        }
        var errors = ExportOptionsValidator.Check(export);
        if (errors.Count > 0)
            return Fail(string.Join("; ", errors).Replace("Cgf:Export:MaxCdrs", "--max-cdrs").Replace("Cgf:Export:MaxBytes", "--max-bytes"));
        if (!File.Exists(options.Storage.Path))
            return Fail($"database '{options.Storage.Path}' does not exist (set Cgf:Storage:Path)");

        var settings = new CdrExporterSettings(options.Storage.Path, export.Directory, options.NodeId, NodeAddress.Resolve(options),
            export.MaxCdrs, export.MaxBytes, export.MaxAge);
        using var exporter = new CdrExporter(settings, message => Console.Error.WriteLine($"export: {message}"));
        var total = exporter.CountExportable();
        var bar = new ProgressBar("exporting CDRs", total);
        var stopwatch = Stopwatch.StartNew();
        var files = exporter.ExportAll(bar.Report);
        bar.Finish();
        var seconds = stopwatch.Elapsed.TotalSeconds;
        var cdrs = files.Sum(f => (long)f.CdrCount);
        foreach (var file in files)
            Console.WriteLine($"{file.Path}\t{file.CdrCount} CDRs\t{file.Length} octets\t{file.Reason}");
        Console.Error.WriteLine(
            $"export: {cdrs} CDRs in {files.Count} files to {Path.GetFullPath(export.Directory)} in {seconds:F2} s ({cdrs / Math.Max(seconds, 1e-6):F0} CDRs/s)");
        return 0;
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine($"Cgf.Server export: {message}");
        return 2;
    }
}
