using Gtp.Firewall.Tests.Tools;

namespace Gtp.Firewall.Tests;

/// <summary>The Gtp.Firewall program itself (replay, config convert), run as a process.</summary>
public class CommandLineTests
{
    private static string Program => Path.Combine(AppContext.BaseDirectory, "Gtp.Firewall");

    [SkippableFact]
    public void ReplayWithAJunosConfigPrintsVerdictsSyslogAndCountersAndWritesJson()
    {
        using var directory = new TempDirectory();
        var capture = ScapyCaptures.Generate("gtpv2_roaming_handover.py", directory);
        var json = directory.File("verdicts.json");
        var config = Path.Combine(AppContext.BaseDirectory, "examples", "scenario-1.set.conf");

        var result = ExternalTool.Run(Program, ["replay", capture, "--config", config, "--json", json]);

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.StandardOutput.Split('\n');
        Assert.Equal(14, lines.Count(l => l.Contains(" teid=0x")));
        Assert.Contains(lines, l => l.Contains("Modify Bearer Request") && l.Contains("PERMIT handover=Allowed"));
        Assert.Contains(lines, l => l.StartsWith("<134>1 ") && l.Contains("GTP_HANDOVER"));
        Assert.Equal(4, lines.Count(l => l.StartsWith("<132>1 ") && l.Contains("GTP_DROP")));
        Assert.Contains(lines, l => l.StartsWith("handovers allowed 1, denied 0"));
        Assert.True(File.Exists(json));
    }

    [Fact]
    public void ConfigConvertPrintsTheFirewallSection()
    {
        var config = Path.Combine(AppContext.BaseDirectory, "examples", "scenario-1.set.conf");
        var result = ExternalTool.Run(Program, ["config", "convert", config]);
        Assert.True(result.ExitCode == 0, result.ToString());
        using var doc = System.Text.Json.JsonDocument.Parse(result.StandardOutput);
        Assert.Equal("as-AT", doc.RootElement.GetProperty("Firewall").GetProperty("HandoverGroups").GetProperty("hg-AT").GetString());
    }

    [Fact]
    public void AConfigurationErrorIsOneLineAndExitCode2()
    {
        using var directory = new TempDirectory();
        var config = directory.File("bad.json");
        File.WriteAllText(config, """{ "Firewall": { "HandoverGroups": { "hg": "missing-set" } } }""");
        var result = ExternalTool.Run(Program, ["replay", directory.File("none.pcap"), "--config", config]);
        Assert.Equal(2, result.ExitCode);
        Assert.Equal("configuration error: Firewall:HandoverGroups:hg: unknown address set 'missing-set'", result.StandardError.Trim());
    }
}
