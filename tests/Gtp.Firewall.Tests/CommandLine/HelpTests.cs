using Operations;
using static Gtp.Firewall.Tests.CommandLine.FirewallProcess;

namespace Gtp.Firewall.Tests.CommandLine;

/// <summary>--help, --version and words the command line does not know.</summary>
public sealed class HelpTests
{
    public static TheoryData<string[], string[]> HelpPages => new()
    {
        // the command line, what its help must list besides the exit codes
        { ["--help"], ["replay", "run", "config", "--version", "Firewall:HandoverDefault", "--config FILE"] },
        { ["replay", "--help"], ["<file>", "--config", "--json", "Firewall:Charging:Cgfs", "Logging:Console:FormatterName=json"] },
        { ["run", "--help"], ["--config", "--json", "Firewall:Queue"] },
        { ["config", "--help"], ["convert"] },
        { ["config", "convert", "--help"], ["<file>"] },
    };

    [Theory]
    [MemberData(nameof(HelpPages))]
    public void HelpGoesToStdoutWithOptionsKeysAndTheExitCodeTable(string[] arguments, string[] listed)
    {
        var result = Run(arguments);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("", result.StandardError);
        Assert.Contains(ExitCode.HelpText, result.StandardOutput);
        Assert.All(listed, word => Assert.Contains(word, result.StandardOutput));
    }

    [Fact]
    public void VersionIsOneLineOnStdout()
    {
        var result = Run(["--version"]);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("", result.StandardError);
        var version = Assert.Single(result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Matches(@"^\d+\.\d+\.\d+", version);
    }

    public static TheoryData<string[], string> UnknownWords => new()
    {
        { ["bogus"], "'bogus'" },
        { [], "Required command was not provided" },
        { ["replay", "x.pcap", "--jsn", "out.json"], "'--jsn'" },
        { ["run", "--confg", "x.json"], "'--confg'" },
        { ["config", "convert"], "Required argument missing" },
        { ["config", "convert", "x.conf", "--Firewall:HandoverDefault=deny"], "takes no configuration keys" },
        { ["replay", "x.pcap", "--Firewall:HandoverDefault"], "--Firewall:HandoverDefault: needs a value" },
    };

    [Theory]
    [MemberData(nameof(UnknownWords))]
    public void AnUnknownOptionOrCommandIsExit2AndOneLine(string[] arguments, string named)
    {
        using var directory = new TempDirectory();
        var result = Run(arguments, directory.Path);
        Assert.Contains(named, AssertOneLineFailure(result, 2));
        Assert.Equal("", result.StandardOutput);
    }
}
