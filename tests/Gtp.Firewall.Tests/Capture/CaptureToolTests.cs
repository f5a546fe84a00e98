using Gtp.Firewall.Capture;
using Gtp.Firewall.Tests.Tools;
using System.Net;

namespace Gtp.Firewall.Tests.Capture;

/// <summary>
/// Reads files written by Debian's text2pcap, tshark and scapy, and checks every packet's IP source address
/// against what tshark itself dissects from the same file.
/// </summary>
public class CaptureToolTests
{
    private const string HexDump = "0000  de ad be ef 00 01 02 03\n\n0000  ca fe ba be\n";

    [SkippableTheory]
    [InlineData("pcap", new string[] { "-4", "10.1.1.1,10.2.2.2", "-u", "2152,2152" }, LinkType.Ethernet, CaptureNetworkProtocol.IPv4)]
    [InlineData("pcapng", new string[] { "-4", "10.1.1.1,10.2.2.2", "-u", "2123,2123" }, LinkType.Ethernet, CaptureNetworkProtocol.IPv4)]
    [InlineData("nsecpcap", new string[] { "-6", "2001:db8::1,2001:db8::2", "-u", "2152,2152" }, LinkType.Ethernet, CaptureNetworkProtocol.IPv6)]
    [InlineData("pcap", new string[] { "-l", "101", "-4", "10.1.1.1,10.2.2.2", "-u", "2152,2152" }, LinkType.Raw, CaptureNetworkProtocol.IPv4)]
    [InlineData("pcapng", new string[] { "-l", "101", "-6", "2001:db8::1,2001:db8::2", "-u", "2152,2152" }, LinkType.Raw, CaptureNetworkProtocol.IPv6)]
    public void Text2pcapFilesAreRead(string format, string[] options, LinkType linkType, CaptureNetworkProtocol protocol)
    {
        Skip.IfNot(ExternalTool.Exists(ExternalTool.Text2pcap), ExternalTool.MissingReason(ExternalTool.Text2pcap));
        using var directory = new TempDirectory();
        var input = directory.File("dump.txt");
        var output = directory.File("out." + format);
        File.WriteAllText(input, HexDump);

        var result = ExternalTool.Run(ExternalTool.Text2pcap, ["-q", "-F", format, .. options, input, output]);

        Assert.True(result.ExitCode == 0, result.ToString());
        var (packets, error) = CaptureTestStreams.ReadAll(File.ReadAllBytes(output));
        Assert.Null(error);
        Assert.Equal(2, packets.Count);
        Assert.All(packets, p => Assert.Equal(linkType, p.LinkType));
        Assert.All(packets, p => Assert.Equal(protocol, p.NetworkProtocol));
        // The payload follows the IP and UDP headers; IPv4 frames may carry Ethernet padding after it.
        var payloadOffset = (protocol == CaptureNetworkProtocol.IPv4 ? 20 : 40) + 8;
        Assert.Equal([0xCA, 0xFE, 0xBA, 0xBE], packets[1].IpPacket[payloadOffset..(payloadOffset + 4)]);
        AssertSourcesMatchTshark(output, packets);
    }

    [SkippableTheory]
    [InlineData("pcap")]
    [InlineData("nsecpcap")]
    [InlineData("pcapng")]
    public void TsharkRewrittenFilesKeepTimestamps(string format)
    {
        Skip.IfNot(ExternalTool.Exists(ExternalTool.Text2pcap), ExternalTool.MissingReason(ExternalTool.Text2pcap));
        Skip.IfNot(ExternalTool.Exists(ExternalTool.Tshark), ExternalTool.MissingReason(ExternalTool.Tshark));
        using var directory = new TempDirectory();
        var input = directory.File("dump.txt");
        var source = directory.File("source.pcapng");
        var output = directory.File("out." + format);
        File.WriteAllText(input, "2026-11-22T08:15:00.123456Z 0000  de ad be ef\n\n2026-11-22T08:15:01.5Z 0000  ca fe\n");
        var written = ExternalTool.Run(ExternalTool.Text2pcap, ["-q", "-t", "ISO", "-4", "10.1.1.1,10.2.2.2", "-u", "2152,2152", input, source]);
        Assert.True(written.ExitCode == 0, written.ToString());

        var result = ExternalTool.Run(ExternalTool.Tshark, ["-r", source, "-F", format, "-w", output]);

        Assert.True(result.ExitCode == 0, result.ToString());
        var (packets, error) = CaptureTestStreams.ReadAll(File.ReadAllBytes(output));
        Assert.Null(error);
        Assert.Equal(
            [DateTimeOffset.Parse("2026-11-22T08:15:00.123456Z"), DateTimeOffset.Parse("2026-11-22T08:15:01.5Z")],
            packets.Select(p => DateTimeOffset.UnixEpoch.AddTicks(p.TimestampNanoseconds / 100)));
        AssertSourcesMatchTshark(output, packets);
    }

    [SkippableTheory]
    [InlineData("wrpcap(OUT, [Ether()/Dot1Q(vlan=10)/IP(src='20.20.20.10', dst='10.10.10.2')/UDP(sport=2123, dport=2123)/b'x', Ether()/Dot1AD(vlan=5)/Dot1Q(vlan=10)/IPv6(src='2001:db8::10', dst='2001:db8::2')/UDP()/b'y', Ether()/ARP()])", LinkType.Ethernet)]
    [InlineData("wrpcap(OUT, [CookedLinux()/IP(src='20.20.20.11', dst='10.10.10.2')/UDP(), CookedLinux()/IPv6(src='2001:db8::11')/UDP()])", LinkType.LinuxSll)]
    [InlineData("wrpcap(OUT, [CookedLinuxV2()/IP(src='30.30.30.10', dst='10.10.10.2')/UDP(), CookedLinuxV2()/IPv6(src='2001:db8::12')/UDP()])", LinkType.LinuxSll2)]
    [InlineData("wrpcap(OUT, [IP(src='30.30.30.11', dst='10.10.10.2')/UDP(), IPv6(src='2001:db8::13')/UDP()], linktype=101)", LinkType.Raw)]
    [InlineData("wrpcapng(OUT, [Ether()/IP(src='20.20.20.1', dst='10.10.10.1')/UDP(sport=2123, dport=2123), Ether()/Dot1Q()/IP(src='20.20.20.2')/UDP()])", LinkType.Ethernet)]
    public void ScapyFilesAreRead(string code, LinkType linkType)
    {
        ScapyCaptures.SkipIfUnavailable();
        using var directory = new TempDirectory();

        var output = ScapyCaptures.RunInline(code, directory.File("scapy.cap"));

        var (packets, error) = CaptureTestStreams.ReadAll(File.ReadAllBytes(output));
        Assert.Null(error);
        Assert.NotEmpty(packets);
        Assert.All(packets, p => Assert.Equal(linkType, p.LinkType));
        AssertSourcesMatchTshark(output, packets);
    }

    // tshark -T fields prints one line per frame: ip.src, ipv6.src (empty when the frame is not IP).
    private static void AssertSourcesMatchTshark(string file, List<CaptureTestStreams.PacketCopy> packets)
    {
        if (!ExternalTool.Exists(ExternalTool.Tshark))
        {
            return;
        }

        var result = ExternalTool.Run(ExternalTool.Tshark, ["-r", file, "-T", "fields", "-E", "separator=;", "-e", "ip.src", "-e", "ipv6.src"]);
        Assert.True(result.ExitCode == 0, result.ToString());
        var expected = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(';').Select(f => f.Split(',')[0]).FirstOrDefault(f => f.Length > 0) ?? "-")
            .ToList();
        var actual = packets.Select(SourceOf).ToList();
        Assert.Equal(expected, actual);
    }

    private static string SourceOf(CaptureTestStreams.PacketCopy packet) => packet.NetworkProtocol switch
    {
        CaptureNetworkProtocol.IPv4 => new IPAddress(packet.IpPacket.AsSpan(12, 4)).ToString(),
        CaptureNetworkProtocol.IPv6 => new IPAddress(packet.IpPacket.AsSpan(8, 16)).ToString(),
        _ => "-",
    };
}
