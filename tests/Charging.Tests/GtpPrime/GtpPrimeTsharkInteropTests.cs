using Charging.GtpPrime;
using Charging.GtpPrime.Codec;
using Charging.GtpPrime.InformationElements;
using Charging.GtpPrime.Messages;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;

namespace Charging.Tests.GtpPrime;

/// <summary>
/// Independent check (docs/gtp-prime.md §8): tshark decodes what the encoder writes, with no Malformed items in
/// the GTP' layer. The minimal PGW record of §7 lacks fields the 32.298 schema wants, which tshark's gprscdr
/// dissector flags as "BER Error: Missing field" (Malformed group), also for the Send vector of docs/gtp-prime.md §7;
/// those items, and only those, are tolerated. Skipped without tshark.
/// </summary>
public class GtpPrimeTsharkInteropTests
{
    private const string SchemaWarning = "BER Error: Missing field in SET";

    private static readonly byte[] PgwRecord = Convert.FromHexString(GtpPrimeVectors.PgwRecord);

    private static readonly (GtpPrimeHeaderForm Form, GtpPrimeMessage Message)[] Messages =
    [
        (GtpPrimeHeaderForm.V2, new EchoRequest()),
        (GtpPrimeHeaderForm.V2, new EchoResponse(5) { PrivateExtension = new PrivateExtension(3008, new byte[] { 0x2a }) }),
        (GtpPrimeHeaderForm.V2, new VersionNotSupported()),
        (GtpPrimeHeaderForm.V2, new NodeAliveRequest(IPAddress.Parse("10.0.0.9"), IPAddress.Parse("2001:db8::1"))),
        (GtpPrimeHeaderForm.V2, new NodeAliveResponse()),
        (GtpPrimeHeaderForm.V2, new RedirectionRequest(GtpPrimeCause.ThisNodeAboutToGoDown, IPAddress.Parse("10.0.0.8"), IPAddress.Parse("2001:db8::8"))),
        (GtpPrimeHeaderForm.V2, new RedirectionResponse(GtpPrimeCause.RequestAccepted)),
        (GtpPrimeHeaderForm.V2, new DataRecordTransferRequest(PacketTransferCommand.SendDataRecordPacket,
            new DataRecordPacket(1, 1, 0, 11, 17, new ReadOnlyMemory<byte>[] { PgwRecord, PgwRecord }))),
        (new GtpPrimeHeaderForm(1, false), new DataRecordTransferRequest(PacketTransferCommand.SendDataRecordPacket,
            new DataRecordPacket(1, 1, 15, 11, null, new ReadOnlyMemory<byte>[] { PgwRecord }))),
        (new GtpPrimeHeaderForm(0, true), new DataRecordTransferRequest(PacketTransferCommand.SendPossiblyDuplicatedDataRecordPacket,
            DataRecordPacket.EmptyZeroLength)),
        (new GtpPrimeHeaderForm(0, false), new DataRecordTransferRequest(PacketTransferCommand.CancelDataRecordPacket, CancelledPackets: new ushort[] { 7, 8 })),
        (GtpPrimeHeaderForm.V2, new DataRecordTransferRequest(PacketTransferCommand.ReleaseDataRecordPacket, ReleasedPackets: new ushort[] { 7 })),
        (GtpPrimeHeaderForm.V2, new DataRecordTransferResponse(GtpPrimeCause.CdrDecodingError, new ushort[] { 5, 6 })),
    ];

    [SkippableFact]
    public void TsharkDecodesEveryEncodedMessageWithoutMalformedItems()
    {
        Skip.If(GtpPrimePcap.MissingTool is not null, GtpPrimePcap.MissingTool);
        using var temp = new TempDirectory("gtpprime-tshark-");
        string directory = temp.Path;
        {
            string dump = Path.Combine(directory, "messages.txt");
            string pcap = Path.Combine(directory, "messages.pcap");
            var text = new StringBuilder();
            for (int i = 0; i < Messages.Length; i++)
            {
                var bytes = GtpPrimeEncoder.Encode(Messages[i].Form, (ushort)(100 + i), Messages[i].Message);
                for (int offset = 0; offset < bytes.Length; offset += 16)
                {
                    var line = bytes.AsSpan(offset, Math.Min(16, bytes.Length - offset)).ToArray().Select(b => b.ToString("x2", CultureInfo.InvariantCulture));
                    text.Append(CultureInfo.InvariantCulture, $"{offset:x6} {string.Join(' ', line)}\n");
                }
                text.Append('\n');
            }
            File.WriteAllText(dump, text.ToString());

            ExternalTool.RunChecked("text2pcap", "-q", "-u", "40000,3386", dump, pcap);
            var output = ExternalTool.RunChecked("tshark", "-r", pcap, "-T", "fields", "-E", "separator=|",
                "-e", "gtp.message", "-e", "gtp.seq_number", "-e", "gtp.length", "-e", "_ws.malformed", "-e", "_ws.expert.message");
            var rows = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(Messages.Length, rows.Length);
            for (int i = 0; i < rows.Length; i++)
            {
                var fields = rows[i].Split('|');
                var expectedLength = GtpPrimeEncoder.GetEncodedLength(Messages[i].Form, Messages[i].Message) - Messages[i].Form.HeaderLength;
                Assert.Equal($"0x{(byte)Messages[i].Message.MessageType:x2}", fields[0]);
                Assert.Equal($"0x{100 + i:x4}", fields[1]);
                // gtp.length repeats for TLV IEs; the first is the header Length.
                Assert.Equal(expectedLength.ToString(CultureInfo.InvariantCulture), fields[2].Split(',')[0]);
                var expert = fields[4].Length == 0 ? [] : fields[4].Split(',');
                Assert.True(expert.All(m => m.StartsWith(SchemaWarning, StringComparison.Ordinal)), $"frame {i + 1}: {rows[i]}");
                Assert.Equal(expert.Length, fields[3].Length == 0 ? 0 : fields[3].Split(',').Length);
            }
        }
    }
}
