using Operations;
using System.CommandLine;
using System.CommandLine.Invocation;

namespace Cdf.Tool.Help;

/// <summary>
/// System.CommandLine's help, then the exit-code table, for the root and every command (the help option is recursive).
/// Its help builder is not public in 2.0.0, so the table follows the standard help instead of being a layout section.
/// </summary>
internal sealed class ExitCodesHelpAction(SynchronousCommandLineAction help) : SynchronousCommandLineAction
{
    public override bool ClearsParseErrors => true;

    public override int Invoke(ParseResult parseResult)
    {
        var code = help.Invoke(parseResult);
        parseResult.InvocationConfiguration.Output.WriteLine(ExitCode.HelpText);
        return code;
    }
}
