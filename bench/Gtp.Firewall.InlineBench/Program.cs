using Gtp.Firewall.InlineBench;
using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

// Inline GTP-U forwarding benchmark (run by tests/netns/inline-bench.sh, which builds the namespaces, starts the
// firewall and sets up the tunnel). Sends G-PDUs from SGW-1 20.20.20.10 (namespace vplmn) to the PGW 10.10.10.2
// (namespace hplmn) through namespace fw, in rate steps; each T-PDU carries step, sequence number and send time
// (CLOCK_MONOTONIC, shared by all namespaces). Per step: sent, received, loss and one-way latency p50/p99.
//
// --flows 2 adds SGW-2 20.20.20.11 -> PGW TEID 0xD002 (the second session of inline_scenario.py --setup-second),
// alternating batches with the first flow: two address pairs, which --queue-balance may spread over two queues.
//
// Usage: Gtp.Firewall.InlineBench [--label TEXT] [--steps 50000,100000,...] [--seconds 3] [--tpdu 100] [--flows 1|2]
var label = Arg("--label", "run");
var steps = Arg("--steps", "25000,50000,100000,150000,200000,250000,300000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
var seconds = double.Parse(Arg("--seconds", "3"), CultureInfo.InvariantCulture);
var tpdu = int.Parse(Arg("--tpdu", "100"), CultureInfo.InvariantCulture);
var flows = int.Parse(Arg("--flows", "1"), CultureInfo.InvariantCulture);
// tests/netns/inline_scenario.py: PGW S5/S8-U TEIDs of the sessions set up by --setup (SGW-1) and --setup-second (SGW-2).
uint[] pgwTeidU = [0xD001, 0xD002];
string[] sgwAddress = ["20.20.20.10", "20.20.20.11"];
const int Batch = 32;
const int StepOffset = 8 + 28; // GTP-U header, inner IPv4 + UDP headers
const int MaxLatencyMicroseconds = 200_000;

var senders = new Socket[flows];
for (var f = 0; f < flows; f++)
{
    senders[f] = NetworkNamespace.CreateUdpSocket(Arg("--vplmn", "vplmn"));
    senders[f].Bind(new IPEndPoint(IPAddress.Parse(sgwAddress[f]), 2152));
    senders[f].Connect(new IPEndPoint(IPAddress.Parse("10.10.10.2"), 2152));
    ForceBuffer(senders[f], Native.SoSndBufForce, 8 << 20);
}
using var receiver = NetworkNamespace.CreateUdpSocket(Arg("--hplmn", "hplmn"));
receiver.Bind(new IPEndPoint(IPAddress.Parse("10.10.10.2"), 2152));
receiver.Blocking = true;
receiver.ReceiveTimeout = 200;
ForceBuffer(receiver, Native.SoRcvBufForce, 32 << 20);

var received = new long[steps.Length];
var histograms = new int[steps.Length][];
for (var i = 0; i < steps.Length; i++)
{
    histograms[i] = new int[MaxLatencyMicroseconds + 1];
}
var receiving = true;
var receiverThread = new Thread(() => Receive(receiver, received, histograms, () => Volatile.Read(ref receiving))) { Name = "receiver" };
receiverThread.Start();

var sent = new long[steps.Length];
var sendSeconds = new double[steps.Length];
unsafe
{
    var size = 8 + tpdu;
    // One batch of buffers per flow, back to back.
    var buffers = GC.AllocateArray<byte>(size * Batch * flows, pinned: true);
    for (var i = 0; i < Batch * flows; i++)
    {
        WriteGPdu(buffers.AsSpan(i * size, size), tpdu, pgwTeidU[i / Batch]);
    }
    fixed (byte* data = buffers)
    {
        var vectors = stackalloc Native.IoVector[Batch * flows];
        var messages = stackalloc Native.MultiMessageHeader[Batch * flows];
        for (var i = 0; i < Batch * flows; i++)
        {
            vectors[i] = new Native.IoVector { Base = data + i * size, Length = (nuint)size };
            messages[i] = new Native.MultiMessageHeader { Header = new Native.MessageHeader { Vectors = &vectors[i], VectorCount = 1 } };
        }
        long sequence = 0;
        long batches = 0;
        for (var step = 0; step < steps.Length; step++)
        {
            var rate = steps[step];
            var total = (long)(rate * seconds);
            var start = Stopwatch.GetTimestamp();
            long count = 0;
            while (count < total)
            {
                // Packets due by now at this rate; pace in bursts of at most one batch.
                var due = Math.Min(total, (long)(Stopwatch.GetElapsedTime(start).TotalSeconds * rate));
                var n = (int)Math.Min(Batch, due - count);
                if (n <= 0)
                {
                    // Sleep rather than spin: a spinning sender would take a core from the firewall on this 2-core
                    // machine. The traffic is therefore paced in bursts of about 1 ms.
                    Thread.Sleep(1);
                    continue;
                }
                var now = Stopwatch.GetTimestamp();
                var flow = (int)(batches++ % flows);
                var fd = (int)senders[flow].Handle;
                var first = flow * Batch;
                for (var i = 0; i < n; i++)
                {
                    var p = new Span<byte>(data + (first + i) * size + StepOffset, 20);
                    BinaryPrimitives.WriteInt32BigEndian(p, step);
                    BinaryPrimitives.WriteInt64BigEndian(p.Slice(4), sequence++);
                    BinaryPrimitives.WriteInt64BigEndian(p.Slice(12), now);
                }
                var done = 0;
                while (done < n)
                {
                    var r = Native.SendMultiple(fd, messages + first + done, (uint)(n - done), 0);
                    if (r > 0)
                    {
                        done += r;
                    }
                }
                count += n;
            }
            sendSeconds[step] = Stopwatch.GetElapsedTime(start).TotalSeconds;
            sent[step] = count;
            Thread.Sleep(1000); // let the step drain before the next one starts
        }
    }
}
Volatile.Write(ref receiving, false);
receiverThread.Join();
foreach (var socket in senders)
{
    socket.Dispose();
}

Console.WriteLine($"inline bench [{label}]: G-PDU {8 + tpdu} octets UDP payload ({8 + tpdu + 28} octets IP), {seconds} s per step, batches of {Batch}, {flows} tunnel(s) from {flows} SGW address(es)");
Console.WriteLine("| offered pkt/s | achieved send pkt/s | sent | received | loss % | latency p50 µs | p99 µs |");
Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|");
var best = 0;
var lossy = false;
for (var step = 0; step < steps.Length; step++)
{
    var loss = sent[step] == 0 ? 0 : 100.0 * (sent[step] - received[step]) / sent[step];
    // The figure is the last rate before the first step with 0.1 % loss or more (loss stays below 0.1 % up to it).
    lossy |= loss >= 0.1;
    if (!lossy)
    {
        best = Math.Max(best, (int)(sent[step] / sendSeconds[step]));
    }
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {steps[step]:N0} | {sent[step] / sendSeconds[step]:N0} | {sent[step]:N0} | {received[step]:N0} | {loss:F3} | {Percentile(histograms[step], 0.50)} | {Percentile(histograms[step], 0.99)} |"));
}
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"loss below 0.1 % up to: {best:N0} packets/s"));
return 0;

static void Receive(Socket socket, long[] received, int[][] histograms, Func<bool> running)
{
    unsafe
    {
        const int count = 64;
        const int size = 2048;
        var buffers = GC.AllocateArray<byte>(size * count, pinned: true);
        fixed (byte* data = buffers)
        {
            var vectors = stackalloc Native.IoVector[count];
            var messages = stackalloc Native.MultiMessageHeader[count];
            for (var i = 0; i < count; i++)
            {
                vectors[i] = new Native.IoVector { Base = data + i * size, Length = size };
                messages[i] = new Native.MultiMessageHeader { Header = new Native.MessageHeader { Vectors = &vectors[i], VectorCount = 1 } };
            }
            var fd = (int)socket.Handle;
            var ticksPerMicrosecond = Stopwatch.Frequency / 1_000_000.0;
            while (running())
            {
                var n = Native.ReceiveMultiple(fd, messages, count, Native.MsgWaitForOne, null);
                if (n <= 0)
                {
                    continue; // SO_RCVTIMEO expired: check whether the sender is done
                }
                var now = Stopwatch.GetTimestamp();
                for (var i = 0; i < n; i++)
                {
                    if (messages[i].Length < StepOffset + 20)
                    {
                        continue;
                    }
                    var p = new ReadOnlySpan<byte>(data + i * size + StepOffset, 20);
                    var step = BinaryPrimitives.ReadInt32BigEndian(p);
                    if ((uint)step >= (uint)received.Length)
                    {
                        continue;
                    }
                    received[step]++;
                    var micros = (long)((now - BinaryPrimitives.ReadInt64BigEndian(p.Slice(12))) / ticksPerMicrosecond);
                    histograms[step][Math.Clamp(micros, 0, MaxLatencyMicroseconds)]++;
                }
            }
        }
    }
}

static void WriteGPdu(Span<byte> b, int tpdu, uint teid)
{
    b.Clear();
    // GTP-U header, TS 29.281 §5.1: version 1, PT 1, no optional fields; type 255 G-PDU; length = T-PDU octets.
    b[0] = 0x30;
    b[1] = 0xFF;
    BinaryPrimitives.WriteUInt16BigEndian(b.Slice(2), (ushort)tpdu);
    BinaryPrimitives.WriteUInt32BigEndian(b.Slice(4), teid);
    // Inner IPv4 (UE 100.64.0.1 -> 198.51.100.7) + UDP; checksums are not checked on the path.
    var ip = b.Slice(8);
    ip[0] = 0x45;
    BinaryPrimitives.WriteUInt16BigEndian(ip.Slice(2), (ushort)tpdu);
    ip[8] = 64;
    ip[9] = 17;
    ip[12] = 100;
    ip[13] = 64;
    ip[14] = 0;
    ip[15] = 1;
    ip[16] = 198;
    ip[17] = 51;
    ip[18] = 100;
    ip[19] = 7;
    BinaryPrimitives.WriteUInt16BigEndian(ip.Slice(20), 40000);
    BinaryPrimitives.WriteUInt16BigEndian(ip.Slice(22), 9);
    BinaryPrimitives.WriteUInt16BigEndian(ip.Slice(24), (ushort)(tpdu - 20));
}

static unsafe void ForceBuffer(Socket socket, int option, int bytes)
{
    Native.SetSocketOption((int)socket.Handle, Native.SolSocket, option, &bytes, sizeof(int));
}

static long Percentile(int[] histogram, double q)
{
    long total = 0;
    foreach (var c in histogram)
    {
        total += c;
    }
    if (total == 0)
    {
        return -1;
    }
    var target = (long)Math.Ceiling(total * q);
    long seen = 0;
    for (var i = 0; i < histogram.Length; i++)
    {
        seen += histogram[i];
        if (seen >= target)
        {
            return i;
        }
    }
    return histogram.Length - 1;
}

string Arg(string name, string fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}
