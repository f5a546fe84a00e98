using Gtp.Firewall.Tests.CommandLine;
using Gtp.Firewall.Tests.Tools;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Gtp.Firewall.Tests.Scenarios;

/// <summary>
/// SRNS relocation with RAB Setup Information and GTPv2 indirect data forwarding, built by the scapy scripts and
/// replayed by the <c>Gtp.Firewall replay</c> child process; every frame's verdict (and the drop reasons the
/// scripts name) must match the script's table.
/// </summary>
public class ForwardingReplayTests
{
    [SkippableTheory]
    [InlineData("gtpv1_srns_relocation.py")]
    [InlineData("gtpv2_indirect_forwarding.py")]
    public void ReplayGivesTheScriptedVerdicts(string script)
    {
        using var directory = new TempDirectory();
        var capture = ScapyCaptures.Generate(script, directory);
        var expected = ScapyCaptures.ReadVerdicts(capture);
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "appsettings.json")))!;
        // The handover exchanges run inside the visited zone: allow vplmn -> vplmn with the same GTP profile.
        config["Firewall"]!["Policies"]!.AsArray().Add(JsonNode.Parse("""
            { "Name": "vplmn-intra", "FromZone": "vplmn", "ToZone": "vplmn", "SourceAddresses": ["any"],
              "DestinationAddresses": ["any"], "Applications": ["junos-gprs-gtp"], "Action": "permit", "GtpProfile": "Scenario-1" }
            """));
        var json = directory.File("verdicts.json");

        var result = FirewallProcess.Run(["replay", capture, "--config", FirewallProcess.Write(directory, config), "--json", json], directory.Path);

        Assert.True(result.ExitCode == 0, result.ToString());
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        var verdicts = doc.RootElement.GetProperty("verdicts").EnumerateArray().ToList();
        Assert.Equal(expected.Count, verdicts.Count);
        foreach (var e in expected)
        {
            var v = verdicts[e.Frame - 1];
            var reason = v.GetProperty("Reason").GetString();
            Assert.True(e.Allowed == (v.GetProperty("Verdict").GetString() == "PERMIT"), $"frame {e.Frame} ({e.Reason}): got {v.GetProperty("Verdict")} {reason}");
            if (!e.Allowed && (e.Reason.StartsWith("ForwardingSenderMismatch", StringComparison.Ordinal) || e.Reason.StartsWith("NoTunnel", StringComparison.Ordinal)))
            {
                Assert.Equal(e.Reason.Split(':')[0], reason);
            }
        }
    }
}
