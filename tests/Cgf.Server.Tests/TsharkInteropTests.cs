using Cgf.Server.Tests.Infrastructure;
using System.Net;

namespace Cgf.Server.Tests;

/// <summary>
/// The octets the CGF receives and sends, captured to pcap and decoded by tshark: the decoded fields
/// must be the ones meant, and nothing may be malformed.
/// </summary>
public sealed class TsharkInteropTests
{
    /// <summary>A complete SGW-CDR (all mandatory fields, docs/cdr-formats.md §2.1/§2.6), hex written by hand.</summary>
    private static readonly byte[] SgwRecord = Convert.FromHexString(
        "bf4e49800154830800010121436587f9a4068004c000020a85023039a6068004c0000214" +
        "8708696e7465726e65748d092405171015302b02008e013c8f010094010197020800bf23030a0102");

    [SkippableTheory]
    [InlineData("udp")]
    [InlineData("tcp")]
    public async Task TsharkDecodesEveryMessageExchangedWithTheRightFieldsAndNothingMalformed(string transport)
    {
        Skip.IfNot(Tshark.IsAvailable, "tshark is not installed (Debian package tshark)");
        await using var cgf = await TestCgf.StartAsync(new Dictionary<string, string?> { ["Cgf:RecommendedNode"] = "10.0.0.8" });
        await using var cdf = await PeerConnection.OpenAsync(transport, cgf.Endpoint);
        var pcap = Path.Combine(cgf.Directory, $"ga-{transport}.pcap");
        var client = new IPEndPoint(IPAddress.Loopback, 40000);

        var exchanges = new (string Name, byte[] Request)[]
        {
            ("echo", Gtpp.EchoRequest(1)),
            ("node alive", Gtpp.NodeAliveRequest(2)),
            ("send", Gtpp.Send(3, SgwRecord)),
            ("duplicate", Gtpp.Send(3, SgwRecord)),
            ("possibly duplicated", Gtpp.SendPossiblyDuplicated(4, SgwRecord)),
            ("release", Gtpp.Release(5, 4)),
            ("test packet", Gtpp.TestPacket(3)),
            ("cancel unknown", Gtpp.Cancel(6, 999)),
            ("missing PTC", Gtpp.Message(240, 7, Gtpp.DataRecordPacket(SgwRecord))),
        };
        using (var writer = new PcapWriter(pcap))
        {
            foreach (var (_, request) in exchanges)
            {
                await cdf.SendAsync(request);
                var response = await cdf.ReceiveAsync(TimeSpan.FromSeconds(15));
                Assert.NotNull(response);
                Write(writer, transport, client, cgf.Endpoint, request);
                Write(writer, transport, cgf.Endpoint, client, response!);
            }
        }

        var fields = await Tshark.RunAsync(pcap, cgf.Port, "-T", "fields", "-E", "separator=|", "-E", "occurrence=a", "-E", "aggregator=,",
            "-e", "gtp.message", "-e", "gtp.seq_number", "-e", "gtp.cause", "-e", "gtp.requests_responded", "-e", "gtp.recovery",
            "-e", "gtp.tr_comm", "-e", "gprscdr.localSequenceNumber", "-e", "gprscdr.chargingID");
        var rows = fields.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('|')).ToList();
        Assert.Equal(2 * exchanges.Length, rows.Count);

        // Requests as tshark reads them: type, sequence number, Packet Transfer Command, CDR fields.
        Assert.Equal(["0x01", "0x0001"], rows[0][..2]);
        Assert.Equal(["0x04", "0x0002"], rows[2][..2]);
        Assert.Equal(["0xf0", "0x0003", "", "", "", "1", "1", "12345"], rows[4]);
        Assert.Equal("2", rows[8][5]);
        Assert.Equal("4", rows[10][5]);
        Assert.Equal("3", rows[14][5]);
        // Responses: type, sequence number, cause, requests responded, recovery.
        Assert.Equal(["0x02", "0x0001", "", "", "1"], rows[1][..5]);
        Assert.Equal(["0x05", "0x0002"], rows[3][..2]);
        Assert.Equal(["0xf1", "0x0003", "128", "3"], rows[5][..4]);
        Assert.Equal(["0xf1", "0x0003", "253", "3"], rows[7][..4]);
        Assert.Equal(["0xf1", "0x0004", "128", "4"], rows[9][..4]);
        Assert.Equal(["0xf1", "0x0005", "128", "5"], rows[11][..4]);
        Assert.Equal(["0xf1", "0x0003", "252", "3"], rows[13][..4]);
        Assert.Equal(["0xf1", "0x0006", "254", "6"], rows[15][..4]);
        Assert.Equal(["0xf1", "0x0007", "202", "7"], rows[17][..4]);

        var problems = await Tshark.RunAsync(pcap, cgf.Port, "-Y", "_ws.malformed || _ws.expert.severity >= 0x00600000");
        Assert.True(string.IsNullOrWhiteSpace(problems), $"tshark found malformed or erroneous packets:\n{problems}");
    }

    private static void Write(PcapWriter writer, string transport, IPEndPoint from, IPEndPoint to, byte[] message)
    {
        if (transport == "udp")
            writer.Udp(from, to, message);
        else
            writer.Tcp(from, to, message);
    }
}
