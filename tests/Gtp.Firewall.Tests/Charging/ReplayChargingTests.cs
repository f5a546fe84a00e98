using Gtp.Firewall.Tests.Tools;
using System.Text.Json.Nodes;

namespace Gtp.Firewall.Tests.Charging;

/// <summary>The whole chain without the kernel queue: <c>Gtp.Firewall replay</c> with charging on, to a real Cgf.Server.</summary>
[Collection("cgf")]
public sealed class ReplayChargingTests
{
    private static string Program => Path.Combine(AppContext.BaseDirectory, "Gtp.Firewall");

    [SkippableFact]
    public async Task ReplayDeliversTheCapturesRecordsAndPrintsASummary()
    {
        using var directory = new TempDirectory();
        var capture = ScapyCaptures.Generate("gtpv2_roaming_handover.py", directory);
        var cgfPort = FreePort.Get();
        var localPort = FreePort.Get();
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "appsettings.contract.json")))!;
        var charging = config["Firewall"]!["Charging"]!;
        charging["Cgfs"] = new JsonArray(new JsonObject { ["Host"] = "127.0.0.1", ["Port"] = cgfPort, ["LocalAddress"] = "127.0.0.1", ["LocalPort"] = localPort });
        charging["Outbox"] = directory.File("outbox.db");
        charging["T3"] = "00:00:01";
        charging["DrainTimeout"] = "00:01:00";
        File.WriteAllText(directory.File("config.json"), config.ToJsonString());
        using var cgf = await CgfProcess.StartAsync(cgfPort, directory.File("cgf.db"), localPort);

        var result = ExternalTool.Run(Program, ["replay", capture, "--config", directory.File("config.json")]);

        Assert.True(result.ExitCode == 0, result.ToString());
        var summary = Assert.Single(result.StandardOutput.Split('\n'), l => l.StartsWith("charging: ", StringComparison.Ordinal));
        var stored = ChargingRig.CommittedCdrs(cgf.DatabasePath);
        Assert.NotEmpty(stored);
        Assert.StartsWith($"charging: {stored.Count} records", summary);
        Assert.Contains($"{stored.Count} in outbox, {stored.Count} acknowledged", summary);
        Assert.All(stored, r => Assert.Equal(78, CdrFields.Parse(r).ChoiceTag));
        // The capture's allowed SGW change closes a servingNodeChange record; the end of the capture closes the rest.
        Assert.Contains(stored, r => CdrFields.Parse(r).Cause == 18);
    }

    [Fact]
    public void AChargingConfigurationErrorNamesTheKey()
    {
        using var directory = new TempDirectory();
        var config = directory.File("bad.json");
        File.WriteAllText(config, """{ "Firewall": { "Charging": { "VolumeLimit": -5 } } }""");
        var result = ExternalTool.Run(Program, ["replay", directory.File("none.pcap"), "--config", config]);
        Assert.Equal(2, result.ExitCode);
        Assert.Equal("configuration error: Firewall:Charging:VolumeLimit: -5 must be 0 (none) or a positive number of octets", result.StandardError.Trim());
    }

    [Fact]
    public void TheAppsettingsExampleBindsWithChargingOff()
    {
        var options = global::Gtp.Firewall.Configuration.FirewallConfigurationLoader.LoadOptions(Path.Combine(AppContext.BaseDirectory, "appsettings.contract.json"));
        Assert.False(options.Charging.Enabled);
        Assert.Equal(10_000_000, options.Charging.VolumeLimit);
        Assert.Equal(TimeSpan.FromHours(1), options.Charging.TimeLimit);
        Assert.Null(global::Gtp.Firewall.Charging.UsageCharging.Create(options.Charging, Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance));
    }
}
