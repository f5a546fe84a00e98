using Charging.GtpPrime;
using Charging.GtpPrime.Codec;
using Charging.GtpPrime.InformationElements;
using Charging.GtpPrime.Messages;
using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

// Ingest benchmark: drives a Cgf.Server child process over UDP loopback from this process and prints
// durable CDRs/s and acknowledgement latency. Every acknowledgement counted is a 128 the server sent
// only after its commit (synchronous=FULL).
//
//   dotnet run -c Release --project tests/Cgf.Bench -- [--cdrs-per-request 1,50] [--duration 10] [--window 256,16 (per run)]
//       [--flows 2] [--record-bytes 400] [--cgf HOST:PORT] [--json FILE]

var options = BenchOptions.Parse(args);
var results = new List<BenchResult>();
using var server = options.Cgf is null ? ServerProcess.Start() : null;
var target = options.Cgf ?? server!.Endpoint;

for (var run = 0; run < options.CdrsPerRequest.Length; run++)
{
    var perRequest = options.CdrsPerRequest[run];
    var runOptions = options with { Window = options.Windows[Math.Min(run, options.Windows.Length - 1)] };
    var serverCpu = server?.CpuTime() ?? TimeSpan.Zero;
    var result = await Run(target, perRequest, runOptions);
    serverCpu = (server?.CpuTime() ?? TimeSpan.Zero) - serverCpu;
    // CPU the server spent per acknowledged CDR over the whole run (warm-up included): contention does not change it.
    var cdrsSent = result.CdrsPerSecond * runOptions.Duration.TotalSeconds * (1 + 2 / runOptions.Duration.TotalSeconds);
    result = result with { ServerCpuMicrosecondsPerCdr = cdrsSent > 0 ? serverCpu.TotalMicroseconds / cdrsSent : double.NaN };
    results.Add(result);
    Console.WriteLine(
        $"cdrs/request={result.CdrsPerRequest,3}  record={options.RecordBytes} B  flows={options.Flows}  window={runOptions.Window}  " +
        $"durable CDRs/s={result.CdrsPerSecond,9:N0}  requests/s={result.RequestsPerSecond,8:N0}  " +
        $"ack p50={result.P50Ms:F2} ms  p99={result.P99Ms:F2} ms  rejected={result.Rejected}  lost={result.Lost}  " +
        $"server CPU/CDR={result.ServerCpuMicrosecondsPerCdr:F1} µs");
}
if (options.Json is not null)
    await File.WriteAllTextAsync(options.Json, JsonSerializer.Serialize(results, new JsonSerializerOptions { WriteIndented = true }));
return 0;

static async Task<BenchResult> Run(IPEndPoint target, int perRequest, BenchOptions options)
{
    var warmup = TimeSpan.FromSeconds(2);
    var flows = Enumerable.Range(0, options.Flows)
        .Select(i => Task.Factory.StartNew(() => Flow.Run(target, IPAddress.Parse($"127.0.{perRequest}.{10 + i}"), perRequest, options, warmup),
            TaskCreationOptions.LongRunning))
        .ToArray();
    var stats = await Task.WhenAll(flows);
    var latencies = stats.SelectMany(s => s.LatenciesMs).Order().ToArray();
    var acknowledged = stats.Sum(s => s.AcknowledgedRequests);
    var seconds = options.Duration.TotalSeconds;
    return new BenchResult(
        perRequest,
        acknowledged * perRequest / seconds,
        acknowledged / seconds,
        Percentile(latencies, 0.50),
        Percentile(latencies, 0.95),
        Percentile(latencies, 0.99),
        stats.Sum(s => s.Rejected),
        stats.Sum(s => s.Lost));
}

static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];

sealed record BenchResult(int CdrsPerRequest, double CdrsPerSecond, double RequestsPerSecond, double P50Ms, double P95Ms, double P99Ms, long Rejected, long Lost)
{
    public double ServerCpuMicrosecondsPerCdr { get; init; }
}

sealed record BenchOptions(int[] CdrsPerRequest, TimeSpan Duration, int[] Windows, int Flows, int RecordBytes, IPEndPoint? Cgf, string? Json)
{
    /// <summary>Requests in flight per flow for the current run.</summary>
    public int Window { get; init; } = Windows[0];

    public static BenchOptions Parse(string[] args)
    {
        string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        return new BenchOptions(
            (Value("--cdrs-per-request") ?? "1,50").Split(',').Select(int.Parse).ToArray(),
            TimeSpan.FromSeconds(double.Parse(Value("--duration") ?? "10")),
            (Value("--window") ?? "256,16").Split(',').Select(int.Parse).ToArray(),
            int.Parse(Value("--flows") ?? "2"),
            int.Parse(Value("--record-bytes") ?? "400"),
            Value("--cgf") is { } cgf ? IPEndPoint.Parse(cgf) : null,
            Value("--json"));
    }
}

/// <summary>One CDF: a UDP socket on its own loopback address (its own sequence space at the CGF), a window of requests in flight.</summary>
static class Flow
{
    public sealed record Stats(long AcknowledgedRequests, long Rejected, long Lost, List<double> LatenciesMs);

    public static Stats Run(IPEndPoint target, IPAddress source, int perRequest, BenchOptions options, TimeSpan warmup)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(source, 0));
        socket.ReceiveBufferSize = 4 << 20;
        socket.ReceiveTimeout = 1000;
        var sentAt = new long[65536];
        var record = Record(options.RecordBytes);
        var records = Enumerable.Range(0, perRequest).Select(_ => (ReadOnlyMemory<byte>)record).ToArray();
        // Encoded once; each send patches the sequence number and a counter in every record (unique content),
        // so the client spends its CPU on the socket, not on encoding.
        var packet = new DataRecordPacket(DataRecordPacket.FormatBer, 1, 0, 0x0B, 17, records);
        var send = GtpPrimeEncoder.Encode(GtpPrimeHeaderForm.V2, 0, new DataRecordTransferRequest(PacketTransferCommand.SendDataRecordPacket, packet));
        const int firstRecord = 6 + 2 + 3 + 5 + 2; // header, PTC, IE 252 type+length, packet header with extension, record length
        var receive = new byte[65536];
        var latencies = new List<double>(1 << 20);
        long counter = (long)source.GetAddressBytes()[3] << 40;
        ushort nextSequence = 0;
        var inFlight = 0;
        long acknowledged = 0, rejected = 0, lost = 0;

        var start = Stopwatch.GetTimestamp();
        var measureFrom = start + (long)(warmup.TotalSeconds * Stopwatch.Frequency);
        var end = measureFrom + (long)(options.Duration.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            var now = Stopwatch.GetTimestamp();
            if (now >= end && inFlight == 0)
                break;
            while (now < end && inFlight < options.Window)
            {
                BinaryPrimitives.WriteUInt16BigEndian(send.AsSpan(4), nextSequence);
                for (var i = 0; i < perRequest; i++)
                    BinaryPrimitives.WriteInt64BigEndian(send.AsSpan(firstRecord + i * (record.Length + 2) + record.Length - 8), ++counter);
                sentAt[nextSequence] = Stopwatch.GetTimestamp();
                socket.SendTo(send, SocketFlags.None, target);
                nextSequence++;
                inFlight++;
            }

            int received;
            try
            {
                received = socket.Receive(receive);
            }
            catch (SocketException exception) when (exception.SocketErrorCode == SocketError.TimedOut)
            {
                lost += inFlight; // no answer within 1 s: count, do not retransmit
                inFlight = 0;
                continue;
            }
            var arrived = Stopwatch.GetTimestamp();
            if (!GtpPrimeDecoder.TryDecode(receive.AsMemory(0, received), out var frame, out _) ||
                frame.Message is not DataRecordTransferResponse response)
                continue;
            foreach (var sequence in response.RequestsResponded)
            {
                inFlight--;
                if (response.Cause != GtpPrimeCause.RequestAccepted)
                {
                    rejected++;
                    continue;
                }
                var sent = sentAt[sequence];
                if (sent >= measureFrom && sent < end)
                {
                    acknowledged++;
                    latencies.Add(Stopwatch.GetElapsedTime(sent, arrived).TotalMilliseconds);
                }
            }
        }
        return new Stats(acknowledged, rejected, lost, latencies);
    }

    /// <summary>A well-formed SGW-CDR (BER) padded to <paramref name="size"/> octets with a userLocationInformation [32] OCTET STRING.</summary>
    private static byte[] Record(int size)
    {
        var fields = Convert.FromHexString(
            "800154830800010121436587f9a4068004c000020a85023039a6068004c0000214" +
            "8708696e7465726e65748d092405171015302b02008e013c8f010094010197020800bf23030a0102");
        var pad = Math.Max(8, size - 5 - fields.Length - 5);
        var content = new List<byte>(fields) { 0x9F, 0x20, 0x82, (byte)(pad >> 8), (byte)pad };
        content.AddRange(new byte[pad]);
        return [0xBF, 0x4E, 0x82, (byte)(content.Count >> 8), (byte)content.Count, .. content];
    }
}

/// <summary>Cgf.Server as a separate process on a temporary database.</summary>
sealed class ServerProcess : IDisposable
{
    private readonly Process _process;
    private readonly string _directory;

    private ServerProcess(Process process, string directory, IPEndPoint endpoint)
    {
        _process = process;
        _directory = directory;
        Endpoint = endpoint;
    }

    public IPEndPoint Endpoint { get; }

    public TimeSpan CpuTime()
    {
        _process.Refresh();
        return _process.TotalProcessorTime;
    }

    public static ServerProcess Start()
    {
        var directory = Path.Combine(Path.GetTempPath(), "cgf-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        int port;
        using (var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp))
        {
            probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            port = ((IPEndPoint)probe.LocalEndPoint!).Port;
        }
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, WorkingDirectory = directory };
        foreach (var arg in new[]
                 {
                     Path.Combine(AppContext.BaseDirectory, "Cgf.Server.dll"), "--Cgf:Listen:Address=127.0.0.1", $"--Cgf:Listen:Port={port}",
                     "--Cgf:Listen:Tcp=false", $"--Cgf:Storage:Path={Path.Combine(directory, "cgf.db")}", "--Cgf:Peers:0=127.0.0.0/8", "--Cgf:Peers:1=127.0.0.0/8",
                     "--Logging:LogLevel:Default=Warning", "--Cgf:Overload:HighWaterMark=1000000", "--Cgf:Overload:LowWaterMark=500000",
                 })
            info.ArgumentList.Add(arg);
        var process = Process.Start(info)!;
        var endpoint = new IPEndPoint(IPAddress.Loopback, port);
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveTimeout = 200 };
        for (var attempt = 0; attempt < 100; attempt++)
        {
            socket.SendTo(Convert.FromHexString("4e0100000001"), endpoint);
            try
            {
                socket.Receive(new byte[64]);
                return new ServerProcess(process, directory, endpoint);
            }
            catch (SocketException)
            {
            }
        }
        process.Kill();
        throw new InvalidOperationException("Cgf.Server did not start");
    }

    public void Dispose()
    {
        _process.Kill();
        _process.WaitForExit();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
