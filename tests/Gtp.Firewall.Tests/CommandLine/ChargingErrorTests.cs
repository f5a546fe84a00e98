using System.Text.Json.Nodes;
using static Gtp.Firewall.Tests.CommandLine.FirewallProcess;

namespace Gtp.Firewall.Tests.CommandLine;

/// <summary>
/// Firewall charging that cannot start: an outbox that cannot be opened or a CGF name that does not resolve is the
/// environment (3), a CGF host that is not a name at all is configuration (2). Checked before the capture is read or the
/// queue is bound, for replay and run alike.
/// </summary>
public sealed class ChargingErrorTests
{
    public static TheoryData<string> Commands => new() { "replay", "run" };

    private static string Configure(TempDirectory directory, string host, string outbox)
    {
        var configuration = ContractConfiguration();
        var charging = configuration["Firewall"]!["Charging"]!;
        charging["Cgfs"] = new JsonArray(new JsonObject { ["Host"] = host, ["Port"] = 3386 });
        charging["Outbox"] = outbox;
        return Write(directory, configuration);
    }

    private static List<string> CommandLine(string command, TempDirectory directory, string config) =>
        command == "replay" ? ["replay", directory.File("none.pcap"), "--config", config] : ["run", "--config", config];

    [Theory]
    [MemberData(nameof(Commands))]
    public void AnOutboxThatCannotBeOpenedIsExit3NamingThePath(string command)
    {
        using var directory = new TempDirectory();
        // A directory cannot be created under a regular file, whoever runs the test (root included).
        File.WriteAllText(directory.File("plain-file"), "");
        var outbox = Path.Combine(directory.File("plain-file"), "outbox.db");

        var result = Run(CommandLine(command, directory, Configure(directory, "127.0.0.1", outbox)), directory.Path);

        Assert.StartsWith($"{command}: charging: Firewall:Charging:Outbox: cannot open {outbox}: ", AssertOneLineFailure(result, 3));
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void ACgfHostThatDoesNotResolveIsExit3NamingTheHost(string command)
    {
        using var directory = new TempDirectory();
        // RFC 2606: .invalid never resolves.
        var result = Run(CommandLine(command, directory, Configure(directory, "cgf.example.invalid", directory.File("outbox.db"))), directory.Path);

        Assert.StartsWith($"{command}: charging: Firewall:Charging:Cgfs:0:Host: cannot resolve 'cgf.example.invalid'", AssertOneLineFailure(result, 3));
        Assert.False(File.Exists(directory.File("outbox.db")), "nothing was opened");
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void ACgfHostThatIsNotAHostNameIsAConfigurationError(string command)
    {
        using var directory = new TempDirectory();
        var result = Run(CommandLine(command, directory, Configure(directory, "cgf one!", directory.File("outbox.db"))), directory.Path);

        Assert.Equal("configuration error: Firewall:Charging:Cgfs:0:Host: 'cgf one!' is neither an IP address nor a host name", AssertOneLineFailure(result, 2));
    }
}
