using Cgf.Server.Diagnostics;
using Cgf.Server.Export;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Operations;
using Operations.CommandLine;
using Operations.Logging;
using Storage.Cgf;
using System.CommandLine;
using System.CommandLine.Parsing;
using System.Diagnostics;
using System.Globalization;

namespace Cgf.Server.Commands;

/// <summary>
/// <c>Cgf.Server export --out DIR [--max-cdrs N] [--max-bytes B]</c>: exports every committed CDR into
/// TS 32.297 files now (the last file of each kind closes as "manual closure"). Runs beside the server.
/// The files go to stdout, one line each; logs and the progress bar to stderr.
/// </summary>
public static class ExportCommand
{
    /// <summary>The command's options are these configuration keys, and failures name the option instead.</summary>
    private static readonly (string Option, string Key)[] OptionKeys =
    [
        ("--out", "Cgf:Export:Directory"),
        ("--max-cdrs", "Cgf:Export:MaxCdrs"),
        ("--max-bytes", "Cgf:Export:MaxBytes"),
    ];

    public static Command Create()
    {
        var directory = new Option<string>("--out") { HelpName = "DIR", Description = "directory for the CDR files (default Cgf:Export:Directory)" };
        var maxCdrs = new Option<int?>("--max-cdrs")
        {
            HelpName = "N",
            Description = "close a file at this many CDRs (default Cgf:Export:MaxCdrs)",
            CustomParser = result => NumberArgument.Parse(result, "--max-cdrs", static (string text, out int value) =>
                int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value)),
        };
        var maxBytes = new Option<long?>("--max-bytes")
        {
            HelpName = "B",
            Description = "close a file before it exceeds this many octets (default Cgf:Export:MaxBytes)",
            CustomParser = result => NumberArgument.Parse(result, "--max-bytes", static (string text, out long value) =>
                long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value)),
        };
        var command = new Command("export",
            "Export every committed CDR into TS 32.297 files now (the last file of each kind closes as manual closure); " +
            "runs beside the server, one exporter per directory")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        command.Options.Add(directory);
        command.Options.Add(maxCdrs);
        command.Options.Add(maxBytes);
        command.SetAction(result => Run(CommandInput.From(result), result.GetValue(directory), result.GetValue(maxCdrs), result.GetValue(maxBytes)));
        return command;
    }

    public static int Run(CommandInput input, string? directory, int? maxCdrs, long? maxBytes)
    {
        if (directory is not null && string.IsNullOrWhiteSpace(directory))
            return Fail("--out DIR is required (or set Cgf:Export:Directory)");
        var overrides = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (directory is not null)
            overrides["Cgf:Export:Directory"] = directory;
        if (maxCdrs is { } cdrLimit)
            overrides["Cgf:Export:MaxCdrs"] = cdrLimit.ToString(CultureInfo.InvariantCulture);
        if (maxBytes is { } byteLimit)
            overrides["Cgf:Export:MaxBytes"] = byteLimit.ToString(CultureInfo.InvariantCulture);
        var configuration = CommandConfiguration.Build(input.ConfigFile, input.Overrides, overrides);
        Configuration.CgfOptions options;
        try
        {
            options = CommandConfiguration.Bind(configuration);
        }
        catch (OptionsValidationException exception)
        {
            var message = string.Join("; ", exception.Failures);
            foreach (var (option, key) in OptionKeys)
                message = message.Replace(key, option, StringComparison.Ordinal);
            return Fail(message);
        }
        var export = options.Export;
        if (string.IsNullOrWhiteSpace(export.Directory))
            return Fail("--out DIR is required (or set Cgf:Export:Directory)");
        var database = options.StorageLocation();
        CgfStorage.Verify(database);

        using var loggerFactory = ConsoleLogging.CreateLoggerFactory(verbose: false, configuration);
        var logger = loggerFactory.CreateLogger("Cgf.Server.Export");
        // On a pool the command exports under this node's id and only while no running CGF holds the export lease.
        using var lease = CgfStorage.CreateExportLease(database, export.TakeoverAfter);
        if (lease is not null && !lease.TryAcquire())
        {
            Console.Error.WriteLine($"Cgf.Server export: CGF {lease.Holder} exports for the pool now (Cgf:Export:TakeoverAfter {export.TakeoverAfter}); stop it or run the command as that node");
            return ExitCode.NotCompleted;
        }
        var settings = new CdrExporterSettings(database, export.Directory, options.NodeId, NodeAddress.Resolve(options),
            export.MaxCdrs, export.MaxBytes, export.MaxAge, lease);
        using var exporter = new CdrExporter(settings, logger);
        var total = exporter.CountExportable();
        var stopwatch = Stopwatch.StartNew();
        var files = ExportProgress.Run(total, logger, exporter.ExportAll);
        var seconds = stopwatch.Elapsed.TotalSeconds;
        var cdrs = files.Sum(f => (long)f.CdrCount);
        foreach (var file in files)
            Console.WriteLine($"{file.Path}\t{file.CdrCount} CDRs\t{file.Length} octets\t{file.Reason}");
        ExportLog.Completed(logger, cdrs, files.Count, Path.GetFullPath(export.Directory), seconds, cdrs / Math.Max(seconds, 1e-6));
        return 0;
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine($"Cgf.Server export: {message}");
        return ExitCode.Usage;
    }
}
