using Cdf.Client.Generation;
using Cdf.Client.Tests.Infrastructure;
using Charging.Cdr;
using Charging.GtpPrime;
using Charging.GtpPrime.Codec;
using Charging.GtpPrime.InformationElements;
using Charging.GtpPrime.Messages;
using System.Diagnostics;
using System.Text;

namespace Cdf.Client.Tests.Cdr;

/// <summary>
/// The generated SGW-CDRs checked by an independent decoder: tshark's gprscdr dissector (32.298 v17.2.0)
/// inside a GTP' Data Record Transfer Request written to a pcap with text2pcap (cdr-formats.md §5).
/// </summary>
public sealed class SgwRecordTsharkTests
{
    [SkippableFact]
    public async Task TsharkDecodesGeneratedSgwRecordsWithoutMalformedFields()
    {
        Skip.If(FindTool("tshark") is null || FindTool("text2pcap") is null, "tshark/text2pcap not installed (Debian tshark, wireshark-common)");
        using var directory = new TempDirectory();
        var records = new[] { 1u, 2u, 50000u, 4294967295u }.Select(n => (ReadOnlyMemory<byte>)SgwRecordGenerator.Encode(n)).ToArray();
        var packet = new DataRecordPacket(DataRecordPacket.FormatBer, SgwRecordEncoder.ApplicationIdentifier, SgwRecordEncoder.ReleaseIdentifier,
            SgwRecordEncoder.VersionIdentifier, SgwRecordEncoder.ReleaseIdentifierExtension, records);
        var message = GtpPrimeEncoder.Encode(GtpPrimeHeaderForm.V2, 7, new DataRecordTransferRequest(PacketTransferCommand.SendDataRecordPacket, packet));
        var dump = new StringBuilder();
        for (var offset = 0; offset < message.Length; offset += 16)
            dump.Append($"{offset:x6} ").AppendJoin(' ', message.Skip(offset).Take(16).Select(b => b.ToString("x2"))).Append('\n');
        await File.WriteAllTextAsync(directory.File("ga.txt"), dump.ToString());

        await RunAsync("text2pcap", "-q", "-u", "3386,3386", directory.File("ga.txt"), directory.File("ga.pcap"));
        var output = await RunAsync("tshark", "-r", directory.File("ga.pcap"), "-V", "-O", "gtpprime,gprscdr");

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

    private static string? FindTool(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);

    private static async Task<string> RunAsync(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{tool} failed: {await error}");
        return await output;
    }
}
