using Cgf.Server.Tests.Infrastructure;
using Charging.CdrFiles;
using System.Text.Json;

namespace Cgf.Server.Tests.Export;

/// <summary>
/// Every Data Record Format value 0-255 through a real Cgf.Server child process (docs/gtp-prime.md §3.1): one Send
/// per value over UDP on loopback, the cause checked against the table written out below by hand, then `export`
/// and `cdr-file inspect` on every file it wrote, and tshark on the BER records (the only format it decodes).
/// </summary>
public sealed class RecordFormatEndToEndTests
{
    /// <summary>docs/gtp-prime.md §3.1, written out range by range: the causes the CGF answers per format.</summary>
    private static readonly (int First, int Last, int Cause)[] CauseTable =
    [
        (0, 0, 201),     // not used
        (1, 3, 128),     // BER, unaligned PER, aligned PER: stored
        (4, 10, 201),    // reserved for standards, unassigned
        (11, 50, 200),   // operator-specific
        (51, 255, 201),  // reserved for standards, unassigned
    ];

    [SkippableFact]
    public async Task EveryFormatIsStoredWithItsOwnLabelOrRefusedWithTheDocumentedCause()
    {
        using var directory = new TempDirectory();
        var database = directory.File("cgf.db");
        var answered = new Dictionary<int, int>();
        using (var cgf = await CgfProcess.StartAsync(FreePort.Get(), database))
        {
            using var cdf = new UdpPeer();
            for (var format = 0; format <= 255; format++)
            {
                var response = await cdf.RequestAsync(Send((ushort)(format + 1), (byte)format, RecordFor(format)), cgf.Endpoint);
                Assert.Equal(241, response.Type);
                Assert.Equal(new List<ushort> { (ushort)(format + 1) }, response.Responded);
                answered[format] = response.Cause!.Value;
            }
            await cgf.TerminateAsync();
        }
        Assert.Equal(256, CauseTable.Sum(r => r.Last - r.First + 1));
        foreach (var (first, last, cause) in CauseTable)
        {
            for (var format = first; format <= last; format++)
                Assert.True(answered[format] == cause, $"format {format}: cause {answered[format]}, documented {cause}");
        }

        var export = CgfProcess.Run(null, "export", "--out", directory.File("out"), $"--Cgf:Storage:Path={database}");
        Assert.True(export.ExitCode == 0, export.Stderr);
        var files = Directory.GetFiles(directory.File("out")).Where(p => !Path.GetFileName(p).StartsWith('.')).ToList();
        var file = Assert.Single(files);

        // The CDR headers, by hand (docs/cdr-formats.md §4): length, E2 = Rel-10+ code 7 | version 2, format | TS 7, extension 7.
        var bytes = await File.ReadAllBytesAsync(file);
        var tail = Enumerable.Range(1, 3).Sum(f => 5 + RecordFor(f).Length);
        var body = bytes.AsSpan(bytes.Length - tail).ToArray();
        Assert.Equal(Concat([0x00, (byte)RecordFor(1).Length, 0xE2, 0x27, 0x07], RecordFor(1),
            [0x00, (byte)RecordFor(2).Length, 0xE2, 0x47, 0x07], RecordFor(2),
            [0x00, (byte)RecordFor(3).Length, 0xE2, 0x67, 0x07], RecordFor(3)), body);

        var inspect = CgfProcess.Run(null, "cdr-file", "inspect", file, "--json");
        Assert.True(inspect.ExitCode == 0, inspect.Stderr);
        using var json = JsonDocument.Parse(inspect.Stdout);
        Assert.Equal([1, 2, 3], json.RootElement.GetProperty("records").EnumerateArray().Select(r => r.GetProperty("dataRecordFormat").GetInt32()));

        // tshark decodes only BER records (PER goes to an empty dissector table): the file's records labelled 1.
        var missing = GtpPrimePcap.MissingTool;
        Skip.If(missing is not null, missing);
        Assert.True(CdrFileReader.TryRead(bytes, out var cdrFile, out var error), error.ToString());
        var ber = cdrFile.Records.Where(r => r.Header.DataRecordFormat == 1).Select(r => r.Data).ToList();
        Assert.Single(ber);
        var decoded = GtpPrimePcap.Decode(directory.Path, ber);
        Assert.Contains("sGWRecord", decoded);
        Assert.Contains("262010000000001", decoded);
        Assert.DoesNotContain("Malformed", decoded);
    }

    /// <summary>A test packet carries no record to label: its format octet is not checked (docs/gtp-prime.md §3.1).</summary>
    [Theory]
    [InlineData(0)]
    [InlineData(9)]
    [InlineData(200)]
    public async Task AnEmptyPacketIsAnsweredWhateverItsFormatOctet(int format)
    {
        await using var cgf = await TestCgf.StartAsync();
        using var cdf = new UdpPeer();
        // Send possibly duplicated, IE 252 with Number of Data Records 0: count, format, app 1 | rel 8, version 7.
        var response = await cdf.RequestAsync(Gtpp.Transfer(5, 2, [0xFC, 0x00, 0x04, 0x00, (byte)format, 0x18, 0x07]), cgf.Endpoint);
        Assert.Equal(128, response.Cause);
    }

    /// <summary>
    /// A BER SGW-CDR for format 1; for the PER formats octets that are not BER at all (a PER record is not checked as
    /// BER: 128, not 177); for every other format a record the CGF must never store.
    /// </summary>
    private static byte[] RecordFor(int format) => format switch
    {
        1 => TestCdrs.Sgw("262010000000001", 1, 1),
        2 => [0xFF, 0xFF, 0x02, 0x00],
        3 => [0xFF, 0xFF, 0x03, 0x00, 0x01],
        _ => [0x30, 0x01, (byte)format],
    };

    /// <summary>Send Data Record Packet with one record, IE 252 by hand: count 1, format, app 1 | rel 0, version 3, extension 17.</summary>
    private static byte[] Send(ushort sequence, byte format, byte[] record)
    {
        byte[] packet = [0x01, format, 0x10, 0x03, 0x11, (byte)(record.Length >> 8), (byte)record.Length, .. record];
        return Gtpp.Transfer(sequence, 1, [0xFC, (byte)(packet.Length >> 8), (byte)packet.Length, .. packet]);
    }

    private static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();
}
