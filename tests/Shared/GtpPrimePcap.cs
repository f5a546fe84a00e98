using Charging.Cdr;
using Charging.GtpPrime;
using Charging.GtpPrime.Codec;
using Charging.GtpPrime.InformationElements;
using Charging.GtpPrime.Messages;
using System.Text;
using Xunit;

namespace Tests.Shared;

/// <summary>
/// CDRs checked by an independent decoder: wrapped in one GTP' Data Record Transfer Request (the packet header
/// Cdf.Client sends: BER, application 1, Rel-17 v17.2), written to a pcap by text2pcap and decoded by tshark's
/// gtpprime and gprscdr dissectors (docs/cdr-formats.md §3, §5).
/// </summary>
internal static class GtpPrimePcap
{
    /// <summary>Why the decode cannot run here (a tool is not installed), or null.</summary>
    public static string? MissingTool =>
        ExternalTool.Find("tshark") is null ? ExternalTool.MissingReason("tshark")
        : ExternalTool.Find("text2pcap") is null ? ExternalTool.MissingReason("text2pcap")
        : null;

    /// <summary>tshark's verbose decode (<c>-V -O gtpprime,gprscdr</c>) of <paramref name="records"/>; files go to <paramref name="directory"/>.</summary>
    public static string Decode(string directory, IReadOnlyList<ReadOnlyMemory<byte>> records)
    {
        var packet = new DataRecordPacket(DataRecordPacket.FormatBer, SgwRecordEncoder.ApplicationIdentifier, SgwRecordEncoder.ReleaseIdentifier,
            SgwRecordEncoder.VersionIdentifier, SgwRecordEncoder.ReleaseIdentifierExtension, records.ToArray());
        var message = GtpPrimeEncoder.Encode(GtpPrimeHeaderForm.V2, 7, new DataRecordTransferRequest(PacketTransferCommand.SendDataRecordPacket, packet));
        var dump = new StringBuilder();
        for (var offset = 0; offset < message.Length; offset += 16)
            dump.Append($"{offset:x6} ").AppendJoin(' ', message.Skip(offset).Take(16).Select(b => b.ToString("x2"))).Append('\n');
        var text = Path.Combine(directory, "ga.txt");
        var pcap = Path.Combine(directory, "ga.pcap");
        File.WriteAllText(text, dump.ToString());
        ExternalTool.RunChecked("text2pcap", "-q", "-u", "3386,3386", text, pcap);
        return ExternalTool.RunChecked("tshark", "-n", "-r", pcap, "-d", "udp.port==3386,gtpprime", "-V", "-O", "gtpprime,gprscdr");
    }
}
