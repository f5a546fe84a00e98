using Operations;
using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace Gtp.Firewall.CommandLine;

/// <summary>
/// The standard help (usage, arguments, options, commands), then where the configuration comes from, its main keys
/// and the exit-code table: for the root and for every command, since the root's help option is recursive.
/// </summary>
internal sealed class HelpWithExitCodes(HelpAction standard) : SynchronousCommandLineAction
{
    internal const string ConfigurationText =
        "Configuration: the Firewall section of --config FILE, else ./appsettings.json, else appsettings.json beside the " +
        "program (JSON, or Junos 'set security ...' text); then environment variables (Firewall__HandoverDefault=deny); then " +
        "--Firewall:Key=value on the command line. A key no option reads is refused.\n" +
        "Main keys: Firewall:AddressBook, Firewall:HandoverGroups, Firewall:HandoverDefault (permit|deny), Firewall:GtpProfiles, " +
        "Firewall:Zones, Firewall:Policies, Firewall:TunnelIdleTimeout, Firewall:Syslog:Target, Firewall:Charging:Cgfs, " +
        "Firewall:Charging:Outbox, Firewall:Queue (run). Logging:Console:FormatterName=json writes one JSON object per log line.";

    public override int Invoke(ParseResult parseResult)
    {
        var exitCode = standard.Invoke(parseResult);
        var output = parseResult.InvocationConfiguration.Output;
        if (parseResult.CommandResult.Command.Name is not "config" and not "convert")
        {
            output.WriteLine(ConfigurationText);
            output.WriteLine();
        }
        output.WriteLine(ExitCode.HelpText);
        return exitCode;
    }

    /// <summary>Replaces the help action of <paramref name="root"/>'s (recursive) help option.</summary>
    public static void Install(RootCommand root)
    {
        var help = root.Options.OfType<HelpOption>().Single();
        help.Action = new HelpWithExitCodes((HelpAction)help.Action!);
    }
}
