using Cgf.Server.Export;
using Charging.Cdr;
using Charging.CdrFiles;
using Storage.Cgf;
using System.Diagnostics;
using System.Formats.Asn1;
using System.Net;

// Cgf.Export.Bench export [CDRs=1000000]   export throughput: CDRs/s from a database of stored CDRs to 32.297 files
// Cgf.Export.Bench ingest [CDRs=200000]    ingest throughput of the single writer with and without index extraction
var mode = args.Length > 0 ? args[0] : "export";
var count = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : mode == "export" ? 1_000_000 : 200_000;
var root = Directory.CreateTempSubdirectory("cgf-export-bench-").FullName;
try
{
    if (mode == "export")
        Export(root, count);
    else if (mode == "ingest")
        Ingest(root, count);
    else
        Console.Error.WriteLine("usage: Cgf.Export.Bench export|ingest [CDRs]");
}
finally
{
    Directory.Delete(root, recursive: true);
}

static void Export(string root, int count)
{
    var path = Path.Combine(root, "cgf.db");
    var fill = Stopwatch.StartNew();
    Store(path, count, extract: true);
    Console.WriteLine($"stored {count} CDRs in {fill.Elapsed.TotalSeconds:F1} s");
    var settings = new CdrExporterSettings(path, Path.Combine(root, "out"), "BENCH", IPAddress.Loopback, 100_000, 64L << 20, TimeSpan.FromMinutes(5));
    var stopwatch = Stopwatch.StartNew();
    using var exporter = new CdrExporter(settings, _ => { });
    var files = exporter.ExportAll();
    var seconds = stopwatch.Elapsed.TotalSeconds;
    var cdrs = files.Sum(f => (long)f.CdrCount);
    var bytes = files.Sum(f => f.Length);
    Console.WriteLine($"export: {cdrs} CDRs in {files.Count} files ({bytes / 1e6:F1} MB) in {seconds:F2} s = {cdrs / seconds:F0} CDRs/s");
}

static void Ingest(string root, int count)
{
    var runs = new Dictionary<bool, List<double>> { [false] = [], [true] = [] };
    for (var round = 0; round < 3; round++)
    {
        foreach (var extract in new[] { false, true })
        {
            var path = Path.Combine(root, $"ingest-{round}-{extract}.db");
            var rate = Store(path, count, extract);
            runs[extract].Add(rate);
            Console.WriteLine($"round {round + 1} {(extract ? "with extraction + indexes   " : "without extraction (NULLs)")}: {rate:F0} CDRs/s");
        }
    }
    var without = Median(runs[false]);
    var with = Median(runs[true]);
    Console.WriteLine($"median without: {without:F0} CDRs/s, with: {with:F0} CDRs/s, cost {(1 - with / without) * 100:F1}%");
}

// Through the real single writer: 10 CDRs per request (one Data Record Packet), extraction on the producing
// thread as the request handler does; returns CDRs/s from the first enqueue to the last commit.
static double Store(string path, int count, bool extract)
{
    const int perRequest = 10;
    var records = Enumerable.Range(0, 4096).Select(i => Sgw($"26201{i * 7919 % 10_000_000_000L:D10}", 1_000_000 + i, i)).ToArray();
    var format = new CdrRecordFormat(1, 1, 0, 3, 17).Pack();
    var stopwatch = Stopwatch.StartNew();
    using (var writer = new CgfWriter(new CgfWriterOptions { Path = path }, new NullObserver()))
    {
        for (var request = 0; request * perRequest < count; request++)
        {
            var incoming = new IncomingRecord[Math.Min(perRequest, count - request * perRequest)];
            for (var i = 0; i < incoming.Length; i++)
            {
                var data = (byte[])records[(request * perRequest + i) % records.Length].Clone();
                incoming[i] = extract ? new IncomingRecord(data, true, Summary: CdrSummaryReader.Read(data)) : new IncomingRecord(data, true);
            }
            writer.TryEnqueue(new TransferRequest
            {
                Peer = $"10.0.{request / 65536 % 256}.1",
                SequenceNumber = (ushort)request,
                Kind = TransferKind.Send,
                ContentHash = (UInt128)request,
                RecordFormat = format,
                Records = incoming,
            });
            while (writer.QueueDepth > 20_000)
                Thread.Sleep(1);
        }
    }
    return count / stopwatch.Elapsed.TotalSeconds;
}

static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

static byte[] Sgw(string imsi, long chargingId, long localSequenceNumber)
{
    Span<byte> time = stackalloc byte[CdrTimeStamp.Length];
    CdrTimeStamp.Encode(new DateTimeOffset(2026, 11, 22, 8, 0, 0, TimeSpan.Zero).AddSeconds(localSequenceNumber), time);
    Span<byte> imsiOctets = stackalloc byte[8];
    Tbcd.TryEncode(imsi, imsiOctets, out var imsiLength);
    var writer = new AsnWriter(AsnEncodingRules.BER);
    using (writer.PushSetOf(new Asn1Tag(TagClass.ContextSpecific, 78, true)))
    {
        writer.WriteInteger(84, Ctx(0));
        writer.WriteOctetString(imsiOctets[..imsiLength], Ctx(3));
        using (writer.PushSequence(Ctx(4, true)))
            writer.WriteOctetString([192, 0, 2, 10], Ctx(0));
        writer.WriteInteger(chargingId, Ctx(5));
        using (writer.PushSequence(Ctx(6, true)))
            writer.WriteOctetString([192, 0, 2, 20], Ctx(0));
        writer.WriteCharacterString(UniversalTagNumber.IA5String, "internet", Ctx(7));
        using (writer.PushSequence(Ctx(12, true)))
        using (writer.PushSequence())
        {
            writer.WriteInteger(123456, Ctx(3));
            writer.WriteInteger(7654321, Ctx(4));
            writer.WriteInteger(2, Ctx(5));
            writer.WriteOctetString(time, Ctx(6));
        }
        writer.WriteOctetString(time, Ctx(13));
        writer.WriteInteger(60, Ctx(14));
        writer.WriteInteger(0, Ctx(15));
        writer.WriteInteger(localSequenceNumber, Ctx(20));
        writer.WriteOctetString([0x08, 0x00], Ctx(23));
        using (writer.PushSequence(Ctx(35, true)))
            writer.WriteEncodedValue([0x0A, 0x01, 0x02]);
    }
    return writer.Encode();
}

static Asn1Tag Ctx(int tag, bool constructed = false) => new(TagClass.ContextSpecific, tag, constructed);

internal sealed class NullObserver : ICgfWriterObserver
{
    public void OnBatchCompleted(IReadOnlyList<TransferRequest> batch, TimeSpan commitDuration, bool committed) { }
    public void OnHoldExpired(int packets, int cdrs) { }
    public void OnStorageError(Exception exception) { }
}
