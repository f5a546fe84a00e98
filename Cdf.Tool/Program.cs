using Cdf.Client.Configuration;
using Cdf.Tool.Commands;
using Operations;
using Operations.CommandLine;
using Operations.Configuration;
using Operations.Logging;
using System.CommandLine;

namespace Cdf.Tool;

/// <summary>The <c>cdf</c> command-line tool: send, resume and load-test CDR delivery over GTP'.</summary>
public static class Program
{
    private const string ConfigurationText =
        "Configuration: section Cdf of --config FILE, else ./appsettings.json, else the copy beside cdf (cdf bench reads only an " +
        "explicit --config); then Cdf__Key environment variables; then --Cdf:Key=value words; the command's own options win. " +
        "A key no option reads is refused. Logging:Console:FormatterName=json writes one JSON object per log line.";

    public static async Task<int> Main(string[] args)
    {
        // --Section:Key=value arguments are configuration (Logging:Console:FormatterName, Cdf:Window), not options.
        ConfigurationOverrides overrides;
        try
        {
            overrides = ConfigurationOverrides.Split(args, "cdf", CdfOptions.SectionName, ConsoleLogging.LoggingSectionName);
        }
        catch (ConfigurationFileException exception)
        {
            // Named as the command's own failures are ("cdf status: …"), though the words are split before parsing.
            var command = args.FirstOrDefault(a => a is "send" or "bench" or "status");
            Console.Error.WriteLine($"{(command is null ? "cdf" : $"cdf {command}")}: {exception.Message}");
            return ExitCode.Usage;
        }
        var root = new RootCommand("cdf: the CDF side of GTP' (TS 32.295): exactly-once CDR delivery to a CGF pool");
        root.Subcommands.Add(SendCommand.Create(overrides.Values));
        root.Subcommands.Add(BenchCommand.Create(overrides.Values));
        root.Subcommands.Add(StatusCommand.Create(overrides.Values));
        HelpWithExitCodes.Install(root, _ => ConfigurationText);
        var parsed = root.Parse(overrides.Remaining);
        var name = parsed.CommandResult.Command == root ? "cdf" : $"cdf {parsed.CommandResult.Command.Name}";
        // Help and --version clear parse errors ("cdf --help" has no command).
        if (parsed.Errors.Count > 0 && parsed.Action is not { ClearsParseErrors: true })
        {
            Console.Error.WriteLine($"{name}: {string.Join("; ", parsed.Errors.Select(e => e.Message.TrimEnd('.')))} (see {name} --help)");
            return ExitCode.Usage;
        }
        try
        {
            // No exception handler (a failure reaches the one-line catch below) and no termination handling: cdf send
            // handles SIGINT/SIGTERM itself, and System.CommandLine's would end the process before its summary.
            return await parsed.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null });
        }
        catch (CommandFailure failure)
        {
            Console.Error.WriteLine($"{name}: {failure.Message}");
            return failure.ExitCode;
        }
        // Anything a command did not foresee is still one line: a person never sees a stack trace.
        catch (Exception exception)
        {
            Console.Error.WriteLine($"{name}: {exception.GetType().Name}: {OneLine(exception.Message)}");
            return ExitCode.Environment;
        }
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");
}
