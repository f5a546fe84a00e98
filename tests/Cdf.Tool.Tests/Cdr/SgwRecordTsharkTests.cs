using Cdf.Tool.Generation;

namespace Cdf.Tool.Tests.Cdr;

/// <summary>
/// The generated SGW-CDRs checked by an independent decoder: tshark's gprscdr dissector (32.298 v17.2.0)
/// inside a GTP' Data Record Transfer Request written to a pcap with text2pcap (docs/cdr-formats.md §5).
/// </summary>
public sealed class SgwRecordTsharkTests
{
    [SkippableFact]
    public void TsharkDecodesGeneratedSgwRecordsWithoutMalformedFields()
    {
        Skip.If(GtpPrimePcap.MissingTool is not null, GtpPrimePcap.MissingTool);
        using var directory = new TempDirectory();
        var records = new[] { 1u, 2u, 50000u, 4294967295u }.Select(n => (ReadOnlyMemory<byte>)SgwRecordGenerator.Encode(n)).ToArray();
        var output = GtpPrimePcap.Decode(directory.Path, records);

        Assert.DoesNotContain("Malformed", output);
        Assert.Equal(4, CountOf(output, "sGWRecord"));
        Assert.Contains("localSequenceNumber: 1", output);
        Assert.Contains("localSequenceNumber: 50000", output);
        Assert.Contains("localSequenceNumber: 4294967295", output);
        Assert.Contains("recordType: sGWRecord (84)", output);
        Assert.Contains("accessPointNameNI: internet", output);
        Assert.Contains("Rel 17", output);
    }

    private static int CountOf(string text, string what)
    {
        var count = 0;
        foreach (var line in text.Split('\n'))
        {
            if (line.TrimStart().StartsWith("GPRSRecord: " + what, StringComparison.Ordinal))
                count++;
        }
        return count;
    }
}
