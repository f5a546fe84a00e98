using Gtp.Firewall.Limits;
using Gtp.Firewall.Tests.Support;
using System.Buffers.Binary;

namespace Gtp.Firewall.Tests.Limits;

/// <summary>
/// tshark, an independent decoder, reads the selection mode of the hand-built requests the filter tests use as the
/// value <see cref="SelectionModeReader"/> reads, so the tests' octets are the wire encoding of TS 29.060 §7.7.12
/// and TS 29.274 §8.58.
/// </summary>
public class SelectionModeTsharkTests
{
    [SkippableFact]
    public void TsharkAndTheReaderAgreeOnBothVersions()
    {
        Skip.IfNot(ExternalTool.Exists(ExternalTool.Tshark), ExternalTool.MissingReason(ExternalTool.Tshark));
        using var directory = new TempDirectory();
        var v1 = ApnFilterReplayTests.CreatePdp(0xFD);
        var v2 = ApnFilterReplayTests.CreateSession(0xFE);
        var path = directory.File("selection.pcap");
        File.WriteAllBytes(path, Pcap(Ip.Udp(V1Flow.Sgsn, V1Flow.Ggsn, 2123, 2123, v1), Ip.Udp(Scenario.YvSgw1, Scenario.XhPgw, 2123, 2123, v2)));

        var result = ExternalTool.Run(ExternalTool.Tshark, ["-r", path, "-T", "fields", "-E", "separator=;", "-e", "gtp.sel_mode", "-e", "gtpv2.selec_mode"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["1;", ";2"], result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()));
        Assert.Equal(SelectionMode.MsProvided, SelectionModeReader.ReadV1(v1.AsSpan(12), v0: false));
        Assert.Equal(SelectionMode.NetworkProvided, SelectionModeReader.ReadV2(v2.AsSpan(12)));
    }

    /// <summary>A classic pcap (little-endian) with link type 228 (raw IPv4).</summary>
    private static byte[] Pcap(params byte[][] packets)
    {
        var file = new List<byte>();
        var header = new byte[24];
        BinaryPrimitives.WriteUInt32LittleEndian(header, 0xA1B2C3D4);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(4), 2);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(6), 4);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(16), 65535);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(20), 228);
        file.AddRange(header);
        foreach (var packet in packets)
        {
            var record = new byte[16];
            BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(8), (uint)packet.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(12), (uint)packet.Length);
            file.AddRange(record);
            file.AddRange(packet);
        }
        return [.. file];
    }
}
