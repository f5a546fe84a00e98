using Operations.CommandLine;
using System.CommandLine;

namespace Cgf.Server.Commands;

/// <summary>What every command takes besides its own options: <c>--config FILE</c> and the configuration overrides.</summary>
public sealed record CommandInput(string? ConfigFile, string[] Overrides, IReadOnlyList<string> Positional)
{
    /// <summary>The input of a parsed command line.</summary>
    /// <exception cref="CommandFailure">An unknown option, or a stray word where the command takes none.</exception>
    public static CommandInput From(ParseResult result, bool positionalAllowed = false)
    {
        var split = ConfigurationArguments.Split(result.UnmatchedTokens);
        if (split.FirstError(positionalAllowed) is { } error)
            throw CommandFailure.Usage(error, pointToHelp: true);
        return new CommandInput(result.GetValue<string>(CgfCommandLine.ConfigOptionName), split.Configuration, split.Positional);
    }
}
