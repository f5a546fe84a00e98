using System.Text.Json.Nodes;
using static Gtp.Firewall.Tests.CommandLine.FirewallProcess;

namespace Gtp.Firewall.Tests.CommandLine;

/// <summary>
/// Where replay and run read their configuration (--config, ./appsettings.json, beside the program), and what they do
/// with a key no option reads or a file that is not JSON: one line and exit 2, before any capture or queue is touched.
/// </summary>
public sealed class ConfigurationErrorTests
{
    public static TheoryData<string> Commands => new() { "replay", "run" };

    /// <summary>The command line for <paramref name="command"/> with a capture that does not exist (replay reads it only after the configuration).</summary>
    private static List<string> CommandLine(string command, TempDirectory directory, params string[] more) =>
        command == "replay" ? ["replay", directory.File("none.pcap"), .. more] : ["run", .. more];

    public static TheoryData<string, string, string, string> UnknownKeys => new()
    {
        // command, where the key is given (file, environment, argument), the key, the line expected
        { "replay", "file", "Firewall:HandoverDefualt", "configuration error: Firewall:HandoverDefualt: unknown key (did you mean Firewall:HandoverDefault?)" },
        { "run", "file", "Firewall:HandoverDefualt", "configuration error: Firewall:HandoverDefualt: unknown key (did you mean Firewall:HandoverDefault?)" },
        { "replay", "file", "Firewall:Charging:Outbx", "configuration error: Firewall:Charging:Outbx: unknown key (did you mean Firewall:Charging:Outbox?)" },
        { "replay", "file", "Firewall:Syslog:AppNme", "configuration error: Firewall:Syslog:AppNme: unknown key (did you mean Firewall:Syslog:AppName?)" },
        { "replay", "argument", "Firewall:HandoverDefualt", "configuration error: Firewall:HandoverDefualt: unknown key (did you mean Firewall:HandoverDefault?)" },
        { "run", "argument", "Firewall:Queue:Numbr", "configuration error: Firewall:Queue:Numbr: unknown key (did you mean Firewall:Queue:Number?)" },
        { "replay", "environment", "Firewall:HandoverDefualt", "configuration error: Firewall:HandoverDefualt: unknown key (did you mean Firewall:HandoverDefault?)" },
        { "run", "environment", "Firewall:TunnelIdleTimout", "configuration error: Firewall:TunnelIdleTimout: unknown key (did you mean Firewall:TunnelIdleTimeout?)" },
    };

    [Theory]
    [MemberData(nameof(UnknownKeys))]
    public void AnUnknownKeyStopsStartUpNamingTheNearestValidOne(string command, string where, string key, string expected)
    {
        using var directory = new TempDirectory();
        var configuration = ContractConfiguration();
        var environment = new Dictionary<string, string>();
        var extra = new List<string>();
        switch (where)
        {
            case "file":
                var parts = key.Split(':');
                var node = configuration;
                foreach (var part in parts[..^1])
                    node = node[part]!;
                node[parts[^1]] = "deny";
                break;
            case "environment":
                environment[key.Replace(":", "__", StringComparison.Ordinal)] = "deny";
                break;
            default:
                extra.Add($"--{key}=deny");
                break;
        }
        var config = Write(directory, configuration);

        var result = Run([.. CommandLine(command, directory, "--config", config), .. extra], directory.Path, environment);

        Assert.Equal(expected, AssertOneLineFailure(result, 2));
    }

    [Fact]
    public void AKeyOutsideTheFirewallAndLoggingSectionsIsRefused()
    {
        using var directory = new TempDirectory();
        var result = Run(["replay", directory.File("none.pcap"), "--Firewal:HandoverDefault=deny"], directory.Path);
        var line = AssertOneLineFailure(result, 2);
        Assert.StartsWith("configuration error: unknown key Firewal:HandoverDefault", line);
    }

    [Fact]
    public void TheRepositoryFileAndAJunosConvertedFileHaveNoUnknownKeys()
    {
        using var directory = new TempDirectory();
        var junos = Path.Combine(AppContext.BaseDirectory, "examples", "scenario-1.set.conf");
        var contract = Path.Combine(AppContext.BaseDirectory, "appsettings.contract.json");
        foreach (var config in new[] { junos, contract })
        {
            // The configuration is read before the capture: a missing capture (3) means the configuration passed.
            var result = Run(["replay", directory.File("none.pcap"), "--config", config], directory.Path);
            Assert.StartsWith($"replay: {directory.File("none.pcap")}: cannot read", AssertOneLineFailure(result, 3));
        }
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void MalformedJsonIsOneLineWithPathLineAndColumn(string command)
    {
        using var directory = new TempDirectory();
        var config = directory.File("broken.json");
        // Line 3: four spaces, "HandoverDefault" in quotes (17), a colon and a space; the bare word starts at column 24.
        File.WriteAllText(config, "{\n  \"Firewall\": {\n    \"HandoverDefault\": deny\n  }\n}\n");

        var result = Run([.. CommandLine(command, directory, "--config", config)], directory.Path);

        Assert.StartsWith($"configuration error: {config}:3:24: ", AssertOneLineFailure(result, 2));
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void AMissingConfigFileIsOneLine(string command)
    {
        using var directory = new TempDirectory();
        var result = Run([.. CommandLine(command, directory, "--config", directory.File("absent.json"))], directory.Path);
        Assert.Equal($"configuration error: --config {directory.File("absent.json")}: no such file", AssertOneLineFailure(result, 2));
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void WithoutConfigTheWorkingDirectoryFileComesBeforeTheOneBesideTheProgram(string command)
    {
        using var directory = new TempDirectory();
        // A broken ./appsettings.json is the file read (its path is in the line), not the valid copy beside the program.
        var working = directory.File("appsettings.json");
        File.WriteAllText(working, "{ \"Firewall\": ");

        var result = Run([.. CommandLine(command, directory)], directory.Path);

        Assert.StartsWith($"configuration error: {working}:1:", AssertOneLineFailure(result, 2));
    }

    [Fact]
    public void AnExplicitConfigComesBeforeTheWorkingDirectoryFile()
    {
        using var directory = new TempDirectory();
        File.WriteAllText(directory.File("appsettings.json"), "{ \"Firewall\": ");
        var config = Write(directory, ContractConfiguration());

        var result = Run(["replay", directory.File("none.pcap"), "--config", config], directory.Path);

        Assert.StartsWith($"replay: {directory.File("none.pcap")}: cannot read", AssertOneLineFailure(result, 3));
    }

    [Fact]
    public void WithoutConfigOrWorkingDirectoryFileTheCopyBesideTheProgramIsRead()
    {
        using var directory = new TempDirectory();
        // The copy beside the program is the repository's file: valid, so replay gets as far as the capture.
        var result = Run(["replay", directory.File("none.pcap")], directory.Path);
        Assert.StartsWith($"replay: {directory.File("none.pcap")}: cannot read", AssertOneLineFailure(result, 3));
    }

    [Fact]
    public void AnOverrideOnTheCommandLineWinsOverTheFile()
    {
        using var directory = new TempDirectory();
        var config = Write(directory, ContractConfiguration());
        // The file's handover default is "permit"; the argument's value is checked, so a bad one proves it is the one read.
        var result = Run(["replay", directory.File("none.pcap"), "--config", config, "--Firewall:HandoverDefault", "maybe"], directory.Path);
        Assert.StartsWith("configuration error: Firewall:HandoverDefault", AssertOneLineFailure(result, 2));
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void AnInvalidValueIsTheSameOneLineForReplayAndRun(string command)
    {
        using var directory = new TempDirectory();
        var configuration = ContractConfiguration();
        configuration["Firewall"]!["HandoverGroups"]!["hg-AT"] = "missing-set";
        var config = Write(directory, configuration);

        var result = Run([.. CommandLine(command, directory, "--config", config)], directory.Path);

        Assert.Equal("configuration error: Firewall:HandoverGroups:hg-AT: unknown address set 'missing-set'", AssertOneLineFailure(result, 2));
    }
}
