using System.CommandLine;

namespace Cgf.Server.Commands;

/// <summary>
/// The commands of Cgf.Server. Words a command does not know are configuration overrides
/// (<c>--Cgf:Key=value</c>, see <see cref="ConfigurationArguments"/>), so every command leaves them unmatched.
/// </summary>
public static class CgfCommandLine
{
    public static RootCommand Create()
    {
        var root = new RootCommand(
            "Cgf.Server: a Charging Gateway Function for GTP' (TS 32.295). Every command also takes configuration overrides " +
            "--Cgf:Key=value (or --Cgf:Key value), after appsettings.json and Cgf__Key environment variables.")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        root.Subcommands.Add(ServerCommand.Create());
        root.Subcommands.Add(StatusCommand.Create());
        root.Subcommands.Add(CdrsCommand.Create());
        root.Subcommands.Add(ExportCommand.Create());
        root.Subcommands.Add(CdrFileCommand.Create());
        // No command is "run"; a word that is not a command is an error.
        root.SetAction((result, _) =>
        {
            var split = ConfigurationArguments.Split(result.UnmatchedTokens);
            if (split.Positional.Count > 0)
            {
                Console.Error.WriteLine($"Cgf.Server: unknown command '{split.Positional[0]}' (see Cgf.Server --help)");
                return Task.FromResult(2);
            }
            return ServerCommand.RunAsync(split.Configuration);
        });
        return root;
    }

    /// <summary>Parses as the program does: no response files (a word starting with @ is taken as it is).</summary>
    public static ParseResult Parse(IReadOnlyList<string> args) =>
        Create().Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
}
