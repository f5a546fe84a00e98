using System.CommandLine;
using System.CommandLine.Help;

namespace Cgf.Server.Commands;

/// <summary>
/// The commands of Cgf.Server. Words a command does not know are configuration overrides when they name a key with a
/// section (<c>--Cgf:Key=value</c>, see <see cref="ConfigurationArguments"/>), so every command leaves them unmatched and
/// refuses any other unmatched word (<see cref="CommandInput"/>).
/// </summary>
public static class CgfCommandLine
{
    public const string ConfigOptionName = "--config";

    public static RootCommand Create()
    {
        var root = new RootCommand(
            "Cgf.Server: a Charging Gateway Function for GTP' (TS 32.295). Every command also takes configuration overrides " +
            "--Cgf:Key=value (or --Cgf:Key value), over the configuration file and Cgf__Key environment variables.")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        root.Options.Add(new Option<string>(ConfigOptionName)
        {
            HelpName = "FILE",
            Description = "configuration file (default: ./appsettings.json, else the appsettings.json beside the program)",
            Recursive = true,
        });
        root.Subcommands.Add(ServerCommand.Create());
        root.Subcommands.Add(StatusCommand.Create());
        root.Subcommands.Add(CdrsCommand.Create());
        root.Subcommands.Add(ExportCommand.Create());
        root.Subcommands.Add(CdrFileCommand.Create());
        // No command is "run"; a word that is not a command is an error.
        root.SetAction((result, _) =>
        {
            var input = CommandInput.From(result, positionalAllowed: true);
            if (input.Positional.Count > 0)
                throw new UsageException($"unknown command '{input.Positional[0]}'", pointToHelp: true);
            return ServerCommand.RunAsync(input);
        });
        foreach (var option in root.Options)
        {
            // The help option is recursive: this one action prints the help of every command.
            if (option is HelpOption help && help.Action is HelpAction action)
                help.Action = new CgfHelpAction(action);
        }
        return root;
    }

    /// <summary>Parses as the program does: no response files (a word starting with @ is taken as it is).</summary>
    public static ParseResult Parse(IReadOnlyList<string> args) =>
        Create().Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
}
