using Cgf.Server.Export;
using Charging.Cdr;
using Charging.CdrFiles;
using Microsoft.Extensions.Logging.Abstractions;
using Storage.Cgf;
using Storage.Cgf.Ledger;
using Storage.Cgf.Writer;
using System.Diagnostics;
using System.Formats.Asn1;
using System.Net;

// Cgf.Export.Bench export [CDRs=1000000]   export throughput: CDRs/s from a database of stored CDRs to 32.297 files
// Cgf.Export.Bench extract [records=1000000]  CPU per record of the field decoding the idle-time indexer and the cdrs query do
// Cgf.Export.Bench ingest [CDRs=200000] [CDRs per request=10]    ingest throughput of the single writer without and with its idle-time indexing
var mode = args.Length > 0 ? args[0] : "export";
var count = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : mode == "ingest" ? 200_000 : 1_000_000;
var perRequest = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 10;
var root = Directory.CreateTempSubdirectory("cgf-export-bench-").FullName;
try
{
    if (mode == "export")
        Export(root, count);
    else if (mode == "ingest")
        Ingest(root, count, perRequest);
    else if (mode == "extract")
        Extract(count);
    else
        Console.Error.WriteLine("usage: Cgf.Export.Bench export|ingest|extract [CDRs]");
}
finally
{
    Directory.Delete(root, recursive: true);
}

static void Export(string root, int count)
{
    var path = Path.Combine(root, "cgf.db");
    var fill = Stopwatch.StartNew();
    Store(path, count, indexChunk: 0);
    Console.WriteLine($"stored {count} CDRs in {fill.Elapsed.TotalSeconds:F1} s");
    var settings = new CdrExporterSettings(Storage.Cgf.CgfStorageLocation.Sqlite(path), Path.Combine(root, "out"), "BENCH", IPAddress.Loopback, 100_000, 64L << 20, TimeSpan.FromMinutes(5));
    var stopwatch = Stopwatch.StartNew();
    using var exporter = new CdrExporter(settings, NullLogger.Instance);
    var files = exporter.ExportAll();
    var seconds = stopwatch.Elapsed.TotalSeconds;
    var cdrs = files.Sum(f => (long)f.CdrCount);
    var bytes = files.Sum(f => f.Length);
    Console.WriteLine($"export: {cdrs} CDRs in {files.Count} files ({bytes / 1e6:F1} MB) in {seconds:F2} s = {cdrs / seconds:F0} CDRs/s");
}

// CPU cost of CdrSummaryReader.Read per record: what the idle-time indexer spends decoding each stored record.
static void Extract(int count)
{
    var records = Records(Math.Min(count, 100_000));
    long sink = 0;
    for (var round = 0; round < 5; round++)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var stopwatch = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
            sink += CdrSummaryReader.Read(records[i % records.Length]).ChargingId ?? 0;
        var cpuNs = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalNanoseconds / count;
        Console.WriteLine($"round {round + 1}: {stopwatch.Elapsed.TotalNanoseconds / count:F0} ns/record wall, {cpuNs:F0} ns/record CPU ({records[0].Length} octets each)");
    }
    GC.KeepAlive(sink);
}

static void Ingest(string root, int count, int perRequest)
{
    string[] modes = ["writer only", "writer + idle-time indexing"];
    var runs = modes.ToDictionary(m => m, _ => new List<double>());
    var cpu = modes.ToDictionary(m => m, _ => new List<double>());
    for (var round = 0; round < 5; round++)
    {
        for (var mode = 0; mode < modes.Length; mode++)
        {
            var path = Path.Combine(root, $"ingest-{round}-{mode}.db");
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var rate = Store(path, count, indexChunk: mode == 1 ? new CgfWriterOptions { Path = path }.IndexChunk : 0, perRequest: perRequest);
            // CPU time of every thread (producer, writer) per CDR: less sensitive than wall time to a shared, loaded machine.
            var cpuPerCdr = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMicroseconds / count;
            runs[modes[mode]].Add(rate);
            cpu[modes[mode]].Add(cpuPerCdr);
            Console.WriteLine($"round {round + 1} {modes[mode],-34}: {rate,8:F0} CDRs/s  {cpuPerCdr,5:F1} µs CPU/CDR");
            if (mode == 1)
            {
                var stopwatch = Stopwatch.StartNew();
                var indexCpu = Process.GetCurrentProcess().TotalProcessorTime;
                using var cdrIndexer = new CdrIndexer(path);
                var rows = 0L;
                for (int n; (n = cdrIndexer.IndexNext()) > 0;)
                    rows += n;
                indexCpu = Process.GetCurrentProcess().TotalProcessorTime - indexCpu;
                Console.WriteLine($"        left to index after ingest: {rows} CDRs indexed in {stopwatch.Elapsed.TotalSeconds:F2} s ({rows / Math.Max(stopwatch.Elapsed.TotalSeconds, 1e-6):F0} CDRs/s, " +
                    $"{indexCpu.TotalMicroseconds / Math.Max(rows, 1):F1} µs CPU/CDR)");
            }
        }
    }
    var baseline = Median(runs[modes[0]]);
    var baselineCpu = Median(cpu[modes[0]]);
    foreach (var mode in modes)
        Console.WriteLine($"median {mode,-34}: {Median(runs[mode]),8:F0} CDRs/s ({(Median(runs[mode]) / baseline - 1) * 100:+0.0;-0.0}% vs first)  " +
            $"{Median(cpu[mode]),5:F1} µs CPU/CDR ({(Median(cpu[mode]) / baselineCpu - 1) * 100:+0.0;-0.0}% vs first)");
}

// Through the real single writer: 10 CDRs per request by default (one Data Record Packet), records stored as received
// (as the request handler passes them); returns CDRs/s from the first enqueue to the last commit.
// Records are realistic for indexing: IMSIs random over a million subscribers, charging IDs, opening times
// and local sequence numbers increasing with some disorder (records arrive per closing bearer, not in order).
static double Store(string path, int count, int indexChunk = 0, int perRequest = 10)
{
    var records = Records(count);
    var format = new CdrRecordFormat(1, 1, 0, 3, 17).Pack();
    var stopwatch = Stopwatch.StartNew();
    using (var writer = new CgfWriter<TransferRequest>(new CgfWriterOptions { Path = path, IndexChunk = indexChunk }, new NullObserver()))
    {
        for (var request = 0; request * perRequest < count; request++)
        {
            var incoming = new IncomingRecord[Math.Min(perRequest, count - request * perRequest)];
            for (var i = 0; i < incoming.Length; i++)
            {
                var data = records[request * perRequest + i];
                incoming[i] = new IncomingRecord(data, true);
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

static byte[][] Records(int count)
{
    var random = new Random(32298);
    var records = new byte[count][];
    for (var i = 0; i < count; i++)
    {
        var subscriber = random.NextInt64(1_000_000);
        var disorder = random.Next(2000);
        records[i] = Sgw($"26201{subscriber * 7919 % 10_000_000_000L:D10}", 1_000_000L + i + disorder, i, disorder);
    }
    return records;
}

static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

static byte[] Sgw(string imsi, long chargingId, long localSequenceNumber, int disorderSeconds = 0)
{
    Span<byte> time = stackalloc byte[CdrTimeStamp.Length];
    CdrTimeStamp.Encode(new DateTimeOffset(2026, 11, 22, 8, 0, 0, TimeSpan.Zero).AddSeconds(localSequenceNumber / 100.0 - disorderSeconds), time);
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

internal sealed class NullObserver : ICgfWriterObserver<TransferRequest>
{
    public void OnBatchCompleted(IReadOnlyList<TransferRequest> batch, TimeSpan commitDuration, bool committed) { }
    public void OnHoldExpired(int packets, int cdrs) { }
    public void OnStorageError(Exception exception) { }
}
