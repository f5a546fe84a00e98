using Gtp.Firewall.Capture;
using Gtp.Firewall.Charging;
using Gtp.Firewall.Configuration;
using Gtp.Firewall.Inline;
using Gtp.Firewall.Inspection;
using Gtp.Firewall.Logging;
using Gtp.Firewall.Replay;
using Operations.Logging;
using System.CommandLine;

var root = new RootCommand("GTP-aware firewall (GTPv0/v1/v2) with Juniper-style handover groups");

var captureArgument = new Argument<FileInfo>("file") { Description = "pcap or pcapng capture to replay" };
var configOption = new Option<FileInfo?>("--config") { Description = "JSON file with a Firewall section, or a Junos 'set security …' file (default: appsettings.json next to the program)" };
var jsonOption = new Option<FileInfo?>("--json") { Description = "also write verdicts, counters and tunnels to this JSON file" };
var replay = new Command("replay", "Inspect every packet of a capture and print one verdict line per GTP packet, then the counters");
replay.Arguments.Add(captureArgument);
replay.Options.Add(configOption);
replay.Options.Add(jsonOption);
replay.SetAction(async (parse, _) =>
{
    var capture = parse.GetValue(captureArgument)!;
    var configPath = parse.GetValue(configOption)?.FullName ?? Path.Combine(AppContext.BaseDirectory, "appsettings.json");
    try
    {
        var options = FirewallConfigurationLoader.LoadOptions(configPath);
        var policy = FirewallOptionsValidator.Compile(options);
        var log = new SyslogFirewallLog(options.Syslog, Console.Out);
        using var loggerFactory = ConsoleLogging.CreateLoggerFactory(verbose: false);
        var charging = UsageCharging.Create(options.Charging, loggerFactory);
        try
        {
            var engine = new GtpInspectionEngine(policy, log);
            charging?.Start();
            var observer = charging?.Attach(engine);
            new CaptureReplayer(engine, Console.Out).Replay(capture.FullName, parse.GetValue(jsonOption)?.FullName);
            if (charging is not null)
            {
                // End of capture = firewall shutdown: close every live context's record, then deliver.
                observer!.CloseAll();
                var drained = await charging.DrainAsync(options.Charging.DrainTimeout);
                Console.Out.WriteLine(charging.Statistics.Summary() + (drained ? "" : $", not all acknowledged within {options.Charging.DrainTimeout} (kept in {options.Charging.Outbox})"));
            }
        }
        finally
        {
            if (charging is not null)
            {
                await charging.DisposeAsync();
            }
            await log.DisposeAsync();
        }
        return 0;
    }
    catch (FirewallConfigurationException ex)
    {
        Console.Error.WriteLine($"configuration error: {ex.Message}");
        return 2;
    }
    catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CaptureFormatException)
    {
        Console.Error.WriteLine($"replay: {ex.Message}");
        return 1;
    }
});

var runJsonOption = new Option<FileInfo?>("--json") { Description = "at exit, also write the counters to this JSON file" };
var run = new Command("run", "Inspect packets inline on the Linux NFQUEUE queue Firewall:Queue and return accept/drop verdicts (root)");
run.Options.Add(configOption);
run.Options.Add(runJsonOption);
run.SetAction((parse, _) => RunCommand.RunAsync(
    parse.GetValue(configOption)?.FullName ?? Path.Combine(AppContext.BaseDirectory, "appsettings.json"),
    parse.GetValue(runJsonOption)?.FullName, Console.Out, Console.Error));

var convertArgument = new Argument<FileInfo>("file") { Description = "Junos 'set security …' configuration" };
var convert = new Command("convert", "Convert a Junos set configuration to the Firewall JSON section (validated) on stdout");
convert.Arguments.Add(convertArgument);
convert.SetAction(parse =>
{
    var file = parse.GetValue(convertArgument)!;
    try
    {
        var json = FirewallConfigurationLoader.ConvertJunos(File.ReadAllText(file.FullName), file.FullName);
        FirewallOptionsValidator.Compile(FirewallConfigurationLoader.BindJson(json, file.FullName));
        Console.Out.WriteLine(json);
        return 0;
    }
    catch (FirewallConfigurationException ex)
    {
        Console.Error.WriteLine($"configuration error: {ex.Message}");
        return 2;
    }
    catch (IOException ex)
    {
        Console.Error.WriteLine($"config convert: {ex.Message}");
        return 1;
    }
});
var config = new Command("config", "Configuration tools");
config.Subcommands.Add(convert);

root.Subcommands.Add(replay);
root.Subcommands.Add(run);
root.Subcommands.Add(config);
// run is a host with its own SIGTERM/SIGINT handling (records drained at shutdown): no System.CommandLine termination timeout.
return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
