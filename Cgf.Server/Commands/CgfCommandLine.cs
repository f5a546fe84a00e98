using Operations.CommandLine;
using System.CommandLine;

namespace Cgf.Server.Commands;

/// <summary>
/// The commands of Cgf.Server. Words a command does not know are configuration overrides when they name a key with a
/// section (<c>--Cgf:Key=value</c>, see <see cref="ConfigurationArguments"/>), so every command leaves them unmatched and
/// refuses any other unmatched word (<see cref="CommandInput"/>).
/// </summary>
public static class CgfCommandLine
{
    public const string ConfigOptionName = "--config";

    /// <summary>The keys an operator sets first; every key is in appsettings.json and the README.</summary>
    public const string ConfigurationText =
        """
        Configuration (section Cgf of the configuration file; Cgf__Key=value in the environment; --Cgf:Key=value here):
          Cgf:NodeId                    node name in CDR file names and CDRs (1-20 characters)
          Cgf:Listen:Address, :Port     GTP' address and port (default :: and 3386); :Udp, :Tcp turn either off
          Cgf:Peers:N                   CDF addresses or CIDR prefixes allowed to send
          Cgf:Storage:Path              SQLite database (its directory must exist)
          Cgf:Storage:MaxDatabaseSize   cap on database + WAL in bytes, 0 = none (past it requests are answered 199)
          Cgf:Storage:MinFreeDisk       free space (octets or "5%") below which new CDRs are answered 199
          Cgf:Retention:Cdrs            exported CDRs older than this are removed (default 7.00:00:00, 0 = never)
          Cgf:Export:Directory          where the server writes TS 32.297 files (unset: no export)
          Cgf:Export:MaxCdrs, :MaxBytes, :MaxAge   when a CDR file is closed
          Cgf:Export:Retention          delivered files older than this are deleted (default 7 days)
          Cgf:Delivery:Destinations:N   SFTP push to billing: :Host, :User, :PrivateKeyFile, :HostKeyFingerprint, :RemoteDirectory
          Logging:Console:FormatterName json for one JSON object per log line
        Unknown keys under Cgf stop start-up with the nearest valid key.
        """;

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
        root.Subcommands.Add(DeliverCommand.Create());
        root.Subcommands.Add(CdrFileCommand.Create());
        // No command is "run"; a word that is not a command is an error.
        root.SetAction((result, _) =>
        {
            var input = CommandInput.From(result, positionalAllowed: true);
            if (input.Positional.Count > 0)
                throw CommandFailure.Usage($"unknown command '{input.Positional[0]}'", pointToHelp: true);
            return ServerCommand.RunAsync(input);
        });
        HelpWithExitCodes.Install(root, _ => ConfigurationText);
        return root;
    }

    /// <summary>Parses as the program does: no response files (a word starting with @ is taken as it is).</summary>
    public static ParseResult Parse(IReadOnlyList<string> args) =>
        Create().Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
}
