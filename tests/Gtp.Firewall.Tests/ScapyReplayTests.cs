using Gtp.Firewall.Capture;
using Gtp.Firewall.Configuration;
using Gtp.Firewall.Inspection;
using Gtp.Firewall.Replay;
using Gtp.Firewall.Tests.Support;
using Gtp.Firewall.Tests.Tools;

namespace Gtp.Firewall.Tests;

/// <summary>
/// Replays the fw-edge scapy roaming-handover captures (independently generated packets) through the engine with the
/// shipped scenario configuration and checks every frame's verdict against the script's table.
/// </summary>
public class ScapyReplayTests
{
    [SkippableTheory]
    [InlineData("gtpv1_roaming_handover.py")]
    [InlineData("gtpv2_roaming_handover.py")]
    public void ScenarioCapturesGetTheExpectedVerdicts(string script)
    {
        using var directory = new TempDirectory();
        var capture = ScapyCaptures.Generate(script, directory);
        var expected = ScapyCaptures.ReadVerdicts(capture);
        var options = FirewallConfigurationLoader.LoadOptions(Path.Combine(AppContext.BaseDirectory, "appsettings.json"));

        var verdicts = Replay(capture, options);

        Assert.Equal(expected.Count, verdicts.Count);
        foreach (var e in expected)
        {
            var actual = verdicts[e.Frame - 1];
            Assert.True(e.Allowed == actual.Permitted, $"frame {e.Frame}: expected {e.Verdict} ({e.Reason}), got {actual.Verdict} {actual.Reason}");
        }
    }

    [SkippableTheory]
    [InlineData("gtpv1_roaming_handover.py")]
    [InlineData("gtpv2_roaming_handover.py")]
    public void WithAnIntraZonePolicyTheContextMessagesPassAndSetUpTheContext(string script)
    {
        using var directory = new TempDirectory();
        var capture = ScapyCaptures.Generate(script, directory);
        var expected = ScapyCaptures.ReadVerdicts(capture);
        var options = FirewallConfigurationLoader.LoadOptions(Path.Combine(AppContext.BaseDirectory, "appsettings.json"));
        options.Policies.Add(new PolicyOptions
        {
            Name = "vplmn-intra", FromZone = "vplmn", ToZone = "vplmn", SourceAddresses = ["any"], DestinationAddresses = ["any"],
            Applications = ["junos-gprs-gtp"], Action = "permit", GtpProfile = "Scenario-1",
        });

        var verdicts = Replay(capture, options);

        // Frames 5-7 (SGSN Context / Context exchange) now pass; everything else is unchanged.
        foreach (var e in expected)
        {
            var allowed = e.Allowed || e.Frame is 5 or 6 or 7;
            Assert.True(allowed == verdicts[e.Frame - 1].Permitted, $"frame {e.Frame}: got {verdicts[e.Frame - 1].Reason}");
        }
    }

    [SkippableFact]
    public void TheReplayFrontEndWritesOneLinePerGtpPacketAndJson()
    {
        using var directory = new TempDirectory();
        var capture = ScapyCaptures.Generate("gtpv2_roaming_handover.py", directory);
        var policy = FirewallPolicyCompiler.Compile(FirewallConfigurationLoader.LoadOptions(Path.Combine(AppContext.BaseDirectory, "appsettings.json")));
        var output = new StringWriter();
        var json = directory.File("out.json");
        var summary = new CaptureReplayer(new GtpInspectionEngine(policy), output).Replay(capture, json);
        var lines = output.ToString().Split('\n').Where(l => l.Contains("teid=0x")).ToList();
        Assert.Equal(14, lines.Count);
        Assert.Contains(lines, l => l.Contains("Modify Bearer Request") && l.Contains("PERMIT") && l.Contains("handover=Allowed"));
        Assert.Equal(1, summary.Counters.HandoverAllowed);
        using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(json));
        Assert.Equal(14, doc.RootElement.GetProperty("verdicts").GetArrayLength());
        Assert.Equal(1, doc.RootElement.GetProperty("counters").GetProperty("HandoverAllowed").GetInt64());
    }

    [SkippableFact]
    public void AFragmentedGPduOnAnUnknownTeidIsBufferedThenDroppedWholeUnderOneDatagramNumber()
    {
        using var directory = new TempDirectory();
        // scapy builds and fragments the datagram (independently of the firewall's reassembler): SGSN user plane to
        // GGSN, G-PDU (flags 0x30, type 0xff, length, TEID 0x00000bad) with a 1,200-octet payload, 3 fragments of 480.
        var capture = ScapyCaptures.RunInline("""
            gpdu = bytes([0x30, 0xff]) + (1200).to_bytes(2, "big") + (0xbad).to_bytes(4, "big") + bytes(1200)
            datagram = IP(src="20.20.20.10", dst="10.10.10.2", id=77) / UDP(sport=2152, dport=2152) / Raw(gpdu)
            frames = [Ether() / f for f in fragment(datagram, fragsize=480)]
            assert len(frames) == 3
            wrpcap(OUT, frames)
            """, directory.File("fragments.pcap"));
        var policy = FirewallPolicyCompiler.Compile(FirewallConfigurationLoader.LoadOptions(Path.Combine(AppContext.BaseDirectory, "appsettings.json")));
        var output = new StringWriter();

        new CaptureReplayer(new GtpInspectionEngine(policy), output).Replay(capture, directory.File("out.json"));

        var lines = output.ToString().Split('\n').Where(l => l.Contains(" datagram=", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, lines.Count);
        Assert.All(lines, l => Assert.EndsWith(" datagram=1", l.TrimEnd('\r'), StringComparison.Ordinal));
        Assert.Contains(" BUFFERED", lines[0], StringComparison.Ordinal);
        Assert.Contains(" BUFFERED", lines[1], StringComparison.Ordinal);
        Assert.Contains("teid=0x00000bad", lines[2], StringComparison.Ordinal);
        Assert.Contains(" DROP reason=NoTunnel", lines[2], StringComparison.Ordinal);
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(directory.File("out.json")));
        Assert.All(json.RootElement.GetProperty("verdicts").EnumerateArray(), v => Assert.Equal(1u, v.GetProperty("Datagram").GetUInt32()));
    }

    private static List<InspectionResult> Replay(string capture, FirewallOptions options)
    {
        var engine = new GtpInspectionEngine(FirewallPolicyCompiler.Compile(options));
        var results = new List<InspectionResult>();
        using var reader = CaptureReader.OpenFile(capture);
        while (reader.ReadNext(out var packet))
        {
            results.Add(engine.Inspect(packet.IpPacket.Span, DateTime.UnixEpoch.AddTicks(packet.TimestampNanoseconds / 100)));
        }
        return results;
    }
}
