using Cdf.Tool.Commands;
using Cdf.Tool.Configuration;
using Cdf.Tool.Help;
using Operations;
using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace Cdf.Tool;

/// <summary>The <c>cdf</c> command-line tool: send, resume and load-test CDR delivery over GTP'.</summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        // --Section:Key=value arguments are configuration (Logging:Console:FormatterName, Cdf:Window), not options.
        var overrides = args.Where(ToolConfiguration.IsOverride).ToList();
        var root = new RootCommand("cdf: the CDF side of GTP' (TS 32.295): exactly-once CDR delivery to a CGF pool");
        root.Subcommands.Add(SendCommand.Create(overrides));
        root.Subcommands.Add(BenchCommand.Create(overrides));
        root.Subcommands.Add(StatusCommand.Create(overrides));
        AddExitCodesToHelp(root);
        var parsed = root.Parse([.. args.Where(a => !ToolConfiguration.IsOverride(a))]);
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

    /// <summary>Every --help (the root's and each command's) ends with the exit-code table.</summary>
    private static void AddExitCodesToHelp(RootCommand root)
    {
        var help = root.Options.OfType<HelpOption>().Single();
        help.Action = new ExitCodesHelpAction((SynchronousCommandLineAction)help.Action!);
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");
}
