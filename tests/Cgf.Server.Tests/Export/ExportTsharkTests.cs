using Cgf.Server.Export;
using Cgf.Server.Tests.Export.Infrastructure;
using Charging.CdrFiles;
using Charging.GtpPrime;
using Charging.GtpPrime.Codec;
using Charging.GtpPrime.InformationElements;
using Charging.GtpPrime.Messages;
using Microsoft.Extensions.Logging.Abstractions;
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Cgf.Server.Tests.Export;

/// <summary>
/// Independent decoder (docs/cdr-formats.md §5): the records of an exported file, wrapped in GTP'
/// Data Record Transfer Requests with the release/version of their CDR headers, are decoded by tshark
/// as sGWRecords with the right IMSI, charging ID and local sequence number, and no malformed or expert items.
/// </summary>
public class ExportTsharkTests
{
    [SkippableFact]
    public void TsharkDecodesEveryExportedRecord()
    {
        Skip.If(FindTool("tshark") is null || FindTool("text2pcap") is null, "tshark/text2pcap not installed");
        using var database = new TestDatabase();
        var imsis = Enumerable.Range(0, 30).Select(i => $"00101{i:D10}").ToList();
        database.Ingest(imsis.Select((imsi, i) => TestCdrs.Sgw(imsi, 4_000_000_000L + i, i)), perRequest: 5);
        using (var exporter = new CdrExporter(Exports.Settings(database), NullLogger.Instance))
            exporter.ExportAll();
        var file = Assert.Single(Exports.ReadFiles(database.ExportDirectory)).File;

        var dump = new StringBuilder();
        var packets = file.Records.Chunk(10).ToList();
        for (var p = 0; p < packets.Count; p++)
        {
            var releaseVersion = packets[p][0].Header.ReleaseVersion;
            // GTP' identifiers back from the 32.297 ones: release ≥ 16 goes in the extension octet, version + 1.
            var packet = new DataRecordPacket(CdrRecordFormat.Ber, 1, releaseVersion.Release >= 16 ? (byte)0 : (byte)releaseVersion.Release,
                (byte)(releaseVersion.Version + 1), releaseVersion.Release >= 16 ? (byte)releaseVersion.Release : null,
                packets[p].Select(r => r.Data).ToArray());
            var bytes = GtpPrimeEncoder.Encode(GtpPrimeHeaderForm.V2, (ushort)(p + 1),
                new DataRecordTransferRequest(PacketTransferCommand.SendDataRecordPacket, packet));
            for (var offset = 0; offset < bytes.Length; offset += 16)
            {
                var line = bytes.AsSpan(offset, Math.Min(16, bytes.Length - offset)).ToArray().Select(b => b.ToString("x2", CultureInfo.InvariantCulture));
                dump.Append(CultureInfo.InvariantCulture, $"{offset:x6} {string.Join(' ', line)}\n");
            }
            dump.Append('\n');
        }
        var text = Path.Combine(database.Directory, "records.txt");
        var pcap = Path.Combine(database.Directory, "records.pcap");
        File.WriteAllText(text, dump.ToString());
        Run("text2pcap", "-q", "-u", "40000,3386", text, pcap);
        var output = Run("tshark", "-r", pcap, "-T", "fields", "-E", "separator=|", "-E", "aggregator=,",
            "-e", "gprscdr.recordType", "-e", "e212.imsi", "-e", "gprscdr.chargingID", "-e", "gprscdr.localSequenceNumber",
            "-e", "_ws.malformed", "-e", "_ws.expert.message");
        var rows = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(packets.Count, rows.Length);
        var recordTypes = new List<string>();
        var decodedImsis = new List<string>();
        var chargingIds = new List<string>();
        var localSequenceNumbers = new List<string>();
        foreach (var row in rows)
        {
            var fields = row.Split('|');
            Assert.True(fields[4].Length == 0 && fields[5].Length == 0, $"tshark reported problems: {row}");
            recordTypes.AddRange(fields[0].Split(','));
            decodedImsis.AddRange(fields[1].Split(','));
            chargingIds.AddRange(fields[2].Split(','));
            localSequenceNumbers.AddRange(fields[3].Split(','));
        }
        Assert.All(recordTypes, t => Assert.Equal("84", t));
        Assert.Equal(imsis, decodedImsis);
        Assert.Equal(Enumerable.Range(0, 30).Select(i => (4_000_000_000L + i).ToString(CultureInfo.InvariantCulture)), chargingIds);
        Assert.Equal(Enumerable.Range(0, 30).Select(i => i.ToString(CultureInfo.InvariantCulture)), localSequenceNumbers);
    }

    private static string? FindTool(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator)
            .Select(p => Path.Combine(p, name)).FirstOrDefault(File.Exists);

    private static string Run(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(60_000), $"{tool} timed out");
        Assert.True(process.ExitCode == 0, $"{tool} exited {process.ExitCode}: {stderr.Result}");
        return stdout;
    }
}
