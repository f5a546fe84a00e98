using System.Text;
using Charging.Cdr;
using Charging.GtpPrime;
using Charging.GtpPrime.Codec;
using Charging.GtpPrime.InformationElements;
using Charging.GtpPrime.Messages;
using Gtp.Firewall.Tests.Tools;

namespace Gtp.Firewall.Tests.Charging;

/// <summary>
/// Records wrapped in one GTP' Data Record Transfer Request (the same packet header Cdf.Client sends: BER,
/// application 1, Rel-17 v17.2), written to a pcap with text2pcap and decoded by tshark (cdr-formats.md §3, §5).
/// </summary>
internal static class GtpPrimePcap
{
    public static string? MissingTool =>
        !ExternalTool.Exists(ExternalTool.Tshark) ? ExternalTool.MissingReason(ExternalTool.Tshark)
        : !ExternalTool.Exists(ExternalTool.Text2pcap) ? ExternalTool.MissingReason(ExternalTool.Text2pcap)
        : null;

    public static string Decode(TempDirectory directory, IReadOnlyList<byte[]> records)
    {
        var packet = new DataRecordPacket(DataRecordPacket.FormatBer, SgwRecordEncoder.ApplicationIdentifier, SgwRecordEncoder.ReleaseIdentifier,
            SgwRecordEncoder.VersionIdentifier, SgwRecordEncoder.ReleaseIdentifierExtension, records.Select(r => (ReadOnlyMemory<byte>)r).ToArray());
        var message = GtpPrimeEncoder.Encode(GtpPrimeHeaderForm.V2, 7, new DataRecordTransferRequest(PacketTransferCommand.SendDataRecordPacket, packet));
        var dump = new StringBuilder();
        for (var offset = 0; offset < message.Length; offset += 16)
            dump.Append($"{offset:x6} ").AppendJoin(' ', message.Skip(offset).Take(16).Select(b => b.ToString("x2"))).Append('\n');
        File.WriteAllText(directory.File("ga.txt"), dump.ToString());
        var text2pcap = ExternalTool.Run(ExternalTool.Text2pcap, ["-q", "-u", "3386,3386", directory.File("ga.txt"), directory.File("ga.pcap")]);
        Assert.True(text2pcap.ExitCode == 0, text2pcap.StandardError);
        var tshark = ExternalTool.Run(ExternalTool.Tshark, ["-n", "-r", directory.File("ga.pcap"), "-d", "udp.port==3386,gtpprime", "-V", "-O", "gtpprime,gprscdr"]);
        Assert.True(tshark.ExitCode == 0, tshark.StandardError);
        return tshark.StandardOutput;
    }
}
