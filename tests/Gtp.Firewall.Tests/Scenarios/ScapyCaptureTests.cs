using Gtp.Firewall.Capture;
using Gtp.Firewall.Tests.Tools;
using System.Text.RegularExpressions;

namespace Gtp.Firewall.Tests.Scenarios;

/// <summary>
/// Runs the scenario scripts in <c>scapy/</c> and checks what they write: tshark dissects every frame without
/// malformed-packet or error/warning expert info, the GTP message sequence is the documented one, and every frame
/// has an expected verdict for the engine's replay tests.
/// </summary>
public partial class ScapyCaptureTests
{
    public static TheoryData<string, string[]> Scripts => new()
    {
        // GTPv2-C message types (TS 29.274 Table 6.1-1) and G-PDU 255 (TS 29.281), frame by frame.
        { "gtpv2_roaming_handover.py", ["32", "33", "255", "255", "130", "131", "132", "34", "35", "255", "255", "36", "37", "255"] },

        // GTPv1-C message types (TS 29.060 Table 1) and G-PDU 255.
        { "gtpv1_roaming_handover.py", ["16", "17", "255", "255", "50", "51", "52", "18", "19", "255", "255", "20", "21", "255"] },
    };

    [SkippableTheory]
    [MemberData(nameof(Scripts))]
    public void TsharkFindsNothingMalformed(string script, string[] messageTypes)
    {
        Skip.IfNot(ExternalTool.Exists(ExternalTool.Tshark), ExternalTool.MissingReason(ExternalTool.Tshark));
        using var directory = new TempDirectory();
        var capture = ScapyCaptures.Generate(script, directory);

        var result = ExternalTool.Run(ExternalTool.Tshark, ["-r", capture, "-V"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(messageTypes.Length, FrameHeader().Matches(result.StandardOutput).Count);
        var problems = result.StandardOutput.Split('\n')
            .Where(line => line.Contains("Malformed", StringComparison.OrdinalIgnoreCase)
                || line.Contains("Expert Info (Error", StringComparison.Ordinal)
                || line.Contains("Expert Info (Warning", StringComparison.Ordinal))
            .ToList();
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [SkippableTheory]
    [MemberData(nameof(Scripts))]
    public void MessagesAreTheDocumentedSequence(string script, string[] messageTypes)
    {
        Skip.IfNot(ExternalTool.Exists(ExternalTool.Tshark), ExternalTool.MissingReason(ExternalTool.Tshark));
        using var directory = new TempDirectory();
        var capture = ScapyCaptures.Generate(script, directory);

        var result = ExternalTool.Run(ExternalTool.Tshark, ["-r", capture, "-T", "fields", "-E", "separator=;", "-e", "gtp.message", "-e", "gtpv2.message_type"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        var actual = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(';').First(f => f.Length > 0))
            .Select(value => value.StartsWith("0x", StringComparison.Ordinal) ? Convert.ToInt32(value, 16).ToString(System.Globalization.CultureInfo.InvariantCulture) : value);
        Assert.Equal(messageTypes, actual);
    }

    [SkippableFact]
    public void GtpV2MessagesCarryATeid()
    {
        // TS 29.274 §5.5.1: only Echo and Version Not Supported are sent with T=0; tshark accepts T=0 elsewhere, a firewall must not.
        Skip.IfNot(ExternalTool.Exists(ExternalTool.Tshark), ExternalTool.MissingReason(ExternalTool.Tshark));
        using var directory = new TempDirectory();
        var capture = ScapyCaptures.Generate("gtpv2_roaming_handover.py", directory);

        var result = ExternalTool.Run(ExternalTool.Tshark, ["-r", capture, "-Y", "gtpv2", "-T", "fields", "-e", "gtpv2.t"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        var flags = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(9, flags.Length);
        Assert.All(flags, flag => Assert.Equal("1", flag.Trim()));
    }

    [SkippableTheory]
    [MemberData(nameof(Scripts))]
    public void EveryFrameHasAVerdictAndIsReadableAsIPv4(string script, string[] messageTypes)
    {
        using var directory = new TempDirectory();
        var capture = ScapyCaptures.Generate(script, directory);

        var verdicts = ScapyCaptures.ReadVerdicts(capture);
        using var reader = CaptureReader.OpenFile(capture);
        var frames = 0;
        while (reader.ReadNext(out var packet))
        {
            frames++;
            Assert.Equal(CaptureNetworkProtocol.IPv4, packet.NetworkProtocol);
            Assert.Equal(14, packet.NetworkOffset);
        }

        Assert.Equal(messageTypes.Length, frames);
        Assert.Equal(Enumerable.Range(1, frames), verdicts.Select(v => v.Frame));
        Assert.All(verdicts, v => Assert.Contains(v.Verdict, new[] { "ALLOW", "DENY" }));
        Assert.Contains(verdicts, v => v.Allowed);
        Assert.Contains(verdicts, v => !v.Allowed);
    }

    [GeneratedRegex(@"^Frame \d+:", RegexOptions.Multiline)]
    private static partial Regex FrameHeader();
}
