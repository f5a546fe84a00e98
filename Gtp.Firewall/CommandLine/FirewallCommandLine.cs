using Gtp.Firewall.Inline;
using Operations;
using Operations.CommandLine;
using System.CommandLine;

namespace Gtp.Firewall.CommandLine;

/// <summary>
/// The commands of Gtp.Firewall: <c>replay</c>, <c>run</c>, <c>config convert</c>. Configuration keys on the command
/// line (<see cref="ConfigurationOverrides"/>) are taken out before parsing, so any other word the parser does not
/// know is an error (exit 2).
/// </summary>
internal static class FirewallCommandLine
{
    internal const string ConfigurationText =
        "Configuration: the Firewall section of --config FILE, else ./appsettings.json, else appsettings.json beside the " +
        "program (JSON, or Junos 'set security ...' text); then environment variables (Firewall__HandoverDefault=deny); then " +
        "--Firewall:Key=value on the command line. A key no option reads is refused.\n" +
        "Main keys: Firewall:AddressBook, Firewall:HandoverGroups, Firewall:HandoverDefault (permit|deny), Firewall:GtpProfiles, " +
        "Firewall:Zones, Firewall:Policies, Firewall:TunnelIdleTimeout, Firewall:Syslog:Target, Firewall:Charging:Cgfs, " +
        "Firewall:Charging:Outbox, Firewall:Queue (run). Logging:Console:FormatterName=json writes one JSON object per log line.";

    public static RootCommand Create(ConfigurationOverrides overrides)
    {
        var root = new RootCommand(
            "Gtp.Firewall: a GTP-aware firewall (GTPv0/v1/v2) with Juniper-style handover groups, acting as a CDF for usage CDRs. " +
            "replay and run also take configuration keys: --Firewall:Key=value, --Logging:Key=value.");
        // config convert reads no configuration; every other command does.
        HelpWithExitCodes.Install(root, parse => parse.CommandResult.Command.Name is "config" or "convert" ? null : ConfigurationText);

        var configOption = new Option<FileInfo?>("--config")
        {
            Description = "JSON file with a Firewall section, or a Junos 'set security ...' file (default: ./appsettings.json, else the one beside the program)",
        };

        var captureArgument = new Argument<FileInfo>("file") { Description = "pcap or pcapng capture to replay" };
        var jsonOption = new Option<FileInfo?>("--json") { Description = "also write verdicts, counters and tunnels to this JSON file" };
        var replay = new Command("replay", "Inspect every packet of a capture and print one verdict line per GTP packet, then the counters");
        replay.Arguments.Add(captureArgument);
        replay.Options.Add(configOption);
        replay.Options.Add(jsonOption);
        replay.SetAction((parse, _) => ReplayCommand.RunAsync(parse.GetValue(captureArgument)!.FullName, parse.GetValue(configOption)?.FullName,
            overrides.Values, parse.GetValue(jsonOption)?.FullName, Console.Out, Console.Error));

        var runJsonOption = new Option<FileInfo?>("--json") { Description = "at exit, also write the counters to this JSON file" };
        var run = new Command("run", "Inspect packets inline on the Linux NFQUEUE queue Firewall:Queue and return accept/drop verdicts (root)");
        run.Options.Add(configOption);
        run.Options.Add(runJsonOption);
        run.SetAction((parse, _) => RunCommand.RunAsync(parse.GetValue(configOption)?.FullName, overrides.Values,
            parse.GetValue(runJsonOption)?.FullName, Console.Out, Console.Error));

        var convertArgument = new Argument<FileInfo>("file") { Description = "Junos 'set security ...' configuration" };
        var convert = new Command("convert", "Convert a Junos set configuration to the Firewall JSON section (validated) on stdout");
        convert.Arguments.Add(convertArgument);
        convert.SetAction(parse => overrides.Values.Count > 0
            ? throw new CommandFailure(ExitCode.Usage, $"config convert: takes no configuration keys ({overrides.Values.Keys.First()})")
            : ConvertCommand.Run(parse.GetValue(convertArgument)!.FullName, Console.Out));
        var config = new Command("config", "Configuration tools");
        config.Subcommands.Add(convert);

        root.Subcommands.Add(replay);
        root.Subcommands.Add(run);
        root.Subcommands.Add(config);
        return root;
    }
}
