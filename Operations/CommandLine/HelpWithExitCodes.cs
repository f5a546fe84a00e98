using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace Operations.CommandLine;

/// <summary>
/// System.CommandLine's help (usage, arguments, options, commands), then the program's configuration text and the
/// exit-code table, on stdout, for the root and every command (the root's help option is recursive). The help builder
/// is not public in System.CommandLine 2.0.0, so the text follows the standard help instead of being a layout section.
/// </summary>
public sealed class HelpWithExitCodes(SynchronousCommandLineAction standard, Func<ParseResult, string?> configurationText) : SynchronousCommandLineAction
{
    public override bool ClearsParseErrors => true;

    public override int Invoke(ParseResult parseResult)
    {
        var code = standard.Invoke(parseResult);
        var output = parseResult.InvocationConfiguration.Output;
        if (configurationText(parseResult) is { } text)
        {
            output.WriteLine(text);
            output.WriteLine();
        }
        output.WriteLine(ExitCode.HelpText);
        return code;
    }

    /// <summary>Replaces the action of <paramref name="root"/>'s help option; <paramref name="configurationText"/> may return null for a command that reads no configuration.</summary>
    public static void Install(RootCommand root, Func<ParseResult, string?> configurationText)
    {
        var help = root.Options.OfType<HelpOption>().Single();
        help.Action = new HelpWithExitCodes((SynchronousCommandLineAction)help.Action!, configurationText);
    }
}
