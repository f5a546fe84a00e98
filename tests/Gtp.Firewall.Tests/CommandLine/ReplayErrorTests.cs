using Gtp.Firewall.Tests.Capture;
using Gtp.Firewall.Tests.Support;
using Gtp.Firewall.Tests.Tools;
using System.Text.Json.Nodes;
using static Gtp.Firewall.Tests.CommandLine.FirewallProcess;

namespace Gtp.Firewall.Tests.CommandLine;

/// <summary><c>replay</c> of captures that are damaged, not captures, or unreadable.</summary>
public sealed class ReplayErrorTests
{
    private const int PcapFileHeaderLength = 24;
    private const int PcapRecordHeaderLength = 16;

    /// <summary>One GTPv1-C Echo Request from the visited to the home network (zones of the repository's file), raw IP.</summary>
    private static readonly byte[] EchoRequest = Ip.Udp("20.20.20.1", "10.10.10.1", 2123, 2123, Gtp1.Control(1, 0, 7, Gtp1.Recovery(1)));

    [Fact]
    public void ACaptureDamagedAfterItsHeaderIsExit1WithFileAndOffsetAfterTheVerdictsAndSummary()
    {
        using var directory = new TempDirectory();
        var capture = directory.File("damaged.pcap");
        // One whole record, then a record header announcing 200 octets of which only 10 follow.
        var bytes = new CaptureBytes().PcapHeader(linkType: 101).PcapRecord(1, 0, EchoRequest)
            .U32(2).U32(0).U32(200).U32(200).Raw(new byte[10]).ToArray();
        File.WriteAllBytes(capture, bytes);
        var damageOffset = PcapFileHeaderLength + PcapRecordHeaderLength + EchoRequest.Length;

        var result = Run(["replay", capture, "--config", Path.Combine(AppContext.BaseDirectory, "appsettings.contract.json")], directory.Path);

        var line = AssertOneLineFailure(result, 1);
        Assert.StartsWith($"replay: {capture}: damaged at offset {damageOffset}: ", line);
        var stdout = result.StandardOutput.Split('\n');
        Assert.Single(stdout, l => l.Contains("Echo Request", StringComparison.Ordinal) && l.Contains(" teid=0x", StringComparison.Ordinal));
        Assert.Contains(stdout, l => l.StartsWith($"capture: 1 packets, 0 not IP, 1 GTP verdicts, stopped: offset {damageOffset}: ", StringComparison.Ordinal));
    }

    [Fact]
    public void AWholeCaptureIsExit0()
    {
        using var directory = new TempDirectory();
        var capture = directory.File("whole.pcap");
        File.WriteAllBytes(capture, new CaptureBytes().PcapHeader(linkType: 101).PcapRecord(1, 0, EchoRequest).ToArray());

        var result = Run(["replay", capture, "--config", Path.Combine(AppContext.BaseDirectory, "appsettings.contract.json")], directory.Path);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("", result.StandardError);
        Assert.Contains("capture: 1 packets, 0 not IP, 1 GTP verdicts", result.StandardOutput);
    }

    public static TheoryData<string, int, string> BadCaptures => new()
    {
        // what the file is, exit code, what the line says after "replay: PATH: "
        { "text", 2, "not a pcap or pcapng capture (offset 0: " },
        { "short header", 2, "not a pcap or pcapng capture (offset 0: " },
        { "missing", 3, "cannot read: " },
        { "directory", 3, "cannot read: " },
    };

    [Theory]
    [MemberData(nameof(BadCaptures))]
    public void AFileThatIsNotACaptureIs2AndOneThatCannotBeReadIs3(string kind, int exitCode, string reason)
    {
        using var directory = new TempDirectory();
        var capture = directory.File("capture.pcap");
        switch (kind)
        {
            case "text":
                File.WriteAllText(capture, "this is not a capture\n");
                break;
            case "short header":
                File.WriteAllBytes(capture, new CaptureBytes().PcapHeader(linkType: 101).ToArray()[..10]);
                break;
            case "directory":
                Directory.CreateDirectory(capture);
                break;
        }

        var result = Run(["replay", capture, "--config", Path.Combine(AppContext.BaseDirectory, "appsettings.contract.json")], directory.Path);

        Assert.StartsWith($"replay: {capture}: {reason}", AssertOneLineFailure(result, exitCode));
    }

    [Fact]
    public void WithChargingOnTheLogCanBeJsonLines()
    {
        using var directory = new TempDirectory();
        var capture = directory.File("whole.pcap");
        File.WriteAllBytes(capture, new CaptureBytes().PcapHeader(linkType: 101).PcapRecord(1, 0, EchoRequest).ToArray());
        var configuration = ContractConfiguration();
        var charging = configuration["Firewall"]!["Charging"]!;
        // An Echo Request opens no tunnel, so there is nothing to deliver: the CGF need not answer.
        charging["Cgfs"] = new JsonArray(new JsonObject { ["Host"] = "127.0.0.1", ["Port"] = FreePort.Get() });
        charging["Outbox"] = directory.File("outbox.db");
        var config = Write(directory, configuration);

        var result = Run(["replay", capture, "--config", config, "--Logging:Console:FormatterName=json"], directory.Path);

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        // Every log line is one JSON object (the structured console formatter), the charging's start among them.
        Assert.NotEmpty(lines);
        Assert.All(lines, l => Assert.NotNull(JsonNode.Parse(l)!["Category"]));
        Assert.Contains(lines, l => JsonNode.Parse(l)!["Category"]!.GetValue<string>() == "Gtp.Firewall.Charging");
    }

    [SkippableFact]
    public void ChargingRecordsNotAcknowledgedWithinTheDrainTimeoutAreExit1()
    {
        using var directory = new TempDirectory();
        // The roaming capture opens sessions, so the end of the capture closes records that must be delivered.
        var capture = ScapyCaptures.Generate("gtpv2_roaming_handover.py", directory);
        var configuration = ContractConfiguration();
        var charging = configuration["Firewall"]!["Charging"]!;
        // Nothing answers on this port: the records stay in the outbox.
        charging["Cgfs"] = new JsonArray(new JsonObject { ["Host"] = "127.0.0.1", ["Port"] = FreePort.Get() });
        charging["Outbox"] = directory.File("outbox.db");
        charging["DrainTimeout"] = "00:00:01";
        var config = Write(directory, configuration);

        var result = Run(["replay", capture, "--config", config, "--Logging:LogLevel:Default=None"], directory.Path);

        var line = AssertOneLineFailure(result, 1);
        Assert.Equal($"replay: charging: not all records acknowledged within 00:00:01; the rest stays in {directory.File("outbox.db")}", line);
        Assert.Contains(result.StandardOutput.Split('\n'), l => l.StartsWith("charging: ", StringComparison.Ordinal) && l.Contains("not all acknowledged", StringComparison.Ordinal));
    }
}
