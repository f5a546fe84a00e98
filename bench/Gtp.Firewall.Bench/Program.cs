using Gtp.Firewall.Configuration;
using Gtp.Firewall.Inspection;
using Gtp.Firewall.Packets;
using Gtp.Firewall.Tunnels;
using System.Buffers.Binary;
using System.Diagnostics;

// GTP-U replay throughput with a large tunnel table, memory per tracked tunnel, and one engine shared by 1 and 2
// threads under one lock taken per batch of 64 (as `run` with Firewall:Queue:Count queues, docs/firewall-multicore.md).
// Usage: dotnet run -c Release --project bench/Gtp.Firewall.Bench [-- TUNNELS [PACKETS_PER_ROUND [ROUNDS]]]
var tunnels = args.Length > 0 ? int.Parse(args[0]) : 1_000_000;
var packetsPerRound = args.Length > 1 ? int.Parse(args[1]) : 10_000_000;
var rounds = args.Length > 2 ? int.Parse(args[2]) : 5;
// "checks": the profile turns on the G-PDU checks (gtp-in-gtp-denied, end-user-address-validated).
var checks = args.Length > 3 && args[3] == "checks";
const int DistinctPackets = 1_000_000;
const int TPduLength = 100;

Console.WriteLine($".NET {Environment.Version}, {Environment.ProcessorCount} CPUs, server GC {System.Runtime.GCSettings.IsServerGC}");
Console.WriteLine($"tunnels {tunnels:N0}, G-PDU T-PDU {TPduLength} octets, {DistinctPackets:N0} distinct packets, {rounds} rounds × {packetsPerRound:N0} packets, G-PDU checks {(checks ? "on" : "off")}");

var options = new FirewallOptions
{
    Zones = new() { ["core"] = new() { Networks = ["0.0.0.0/0"] } },
    GtpProfiles = new() { ["bench"] = new() { GtpInGtpDenied = checks, EndUserAddressValidated = checks } },
    Policies = [new() { Name = "core", FromZone = "core", ToZone = "core", SourceAddresses = ["any"], DestinationAddresses = ["any"], Applications = ["junos-gprs-gtp"], Action = "permit", GtpProfile = "bench" }],
};
var policy = FirewallPolicyCompiler.Compile(options);

// Memory: the table grown from its default size, then pre-sized, each measured before/after filling.
var grown = MeasureFill(policy, tunnels, presize: false, out _);
var presized = MeasureFill(policy, tunnels, presize: true, out var engine);
Console.WriteLine($"memory per tunnel, table grown from default size: {grown.PerTunnelGc:F1} B (GC.GetTotalMemory), {grown.PerTunnelAllocated:F1} B (GC.GetAllocatedBytesForCurrentThread), fill {grown.FillSeconds:F2} s");
Console.WriteLine($"memory per tunnel, table pre-sized:               {presized.PerTunnelGc:F1} B (GC.GetTotalMemory), {presized.PerTunnelAllocated:F1} B (GC.GetAllocatedBytesForCurrentThread), fill {presized.FillSeconds:F2} s");
Console.WriteLine($"  slot array + index: {engine.Tunnels.AllocatedBytes / (double)tunnels:F1} B/tunnel ({System.Runtime.CompilerServices.Unsafe.SizeOf<Tunnel>()} B record, {engine.Tunnels.IndexEntries:N0} index entries)");

// Charging: the same contexts with usage charging attached (one open record each), then with the subscriber fields a
// Create Session carries (MSISDN, IMEISV, RAT, ULI, time zone, PLMN, CC, QoS, APN-AMBR); bytes per context over the table.
var chargingContexts = Math.Min(tunnels, 200_000);
var plain = MeasureCharging(policy, chargingContexts, charging: false, subscriber: false);
var records = MeasureCharging(policy, chargingContexts, charging: true, subscriber: false);
var subscribers = MeasureCharging(policy, chargingContexts, charging: true, subscriber: true);
Console.WriteLine($"memory per context, {chargingContexts:N0} contexts: table {plain:F1} B, + charging open record {records - plain:F1} B, + subscriber fields {subscribers - records:F1} B (GC.GetTotalMemory)");

// Packets: G-PDUs to random tunnels, half uplink (SGSN → GGSN TEID), half downlink.
var random = new Random(42);
var packetLength = 20 + 8 + 8 + TPduLength;
var buffer = new byte[DistinctPackets * packetLength];
for (var i = 0; i < DistinctPackets; i++)
{
    var t = random.Next(tunnels);
    var uplink = (i & 1) == 0;
    WriteGPdu(buffer.AsSpan(i * packetLength, packetLength), uplink ? Sgsn(t) : Ggsn(t), uplink ? Ggsn(t) : Sgsn(t), uplink ? AnchorTeid(t) : ServingTeid(t),
        EndUser(t), uplink);
}

var now = new DateTime(2026, 11, 22, 8, 0, 0, DateTimeKind.Utc).Ticks;
var medians = new Dictionary<string, double>();
foreach (var batched in new[] { false, true })
{
    var mode = batched ? "InspectBatch (prefetch pipeline)" : "Inspect (one call per packet)";
    // Warm-up (JIT tiering, caches).
    Run(engine, buffer, packetLength, 2_000_000, batched, ref now, out _);
    var rates = new List<double>();
    for (var r = 0; r < rounds; r++)
    {
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var seconds = Run(engine, buffer, packetLength, packetsPerRound, batched, ref now, out var permitted);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        var rate = packetsPerRound / seconds;
        rates.Add(rate);
        Console.WriteLine($"{mode} round {r + 1}: {rate / 1e6:F2} Mpackets/s ({1e9 / rate:F0} ns/packet), permitted {permitted:N0}/{packetsPerRound:N0}, allocated {allocated} B ({allocated / (double)packetsPerRound:F3} B/packet)");
    }
    rates.Sort();
    medians[mode] = rates[rates.Count / 2];
}
foreach (var (mode, rate) in medians)
{
    Console.WriteLine($"median {mode}: {rate / 1e6:F2} Mpackets/s on one core with {engine.Tunnels.ContextCount:N0} tunnels");
}

// One engine, 1 or 2 threads, each judging its own batches of 64 holding the engine lock (what each queue thread of
// `run` does), alternated 1, 2, 1, 2 ... so drift on the shared machine hits both alike.
var engineLock = new Lock();
var shared = new Dictionary<int, List<(double Rate, double CpuNs)>> { [1] = [], [2] = [] };
var clock = new long[] { now };
Run(engine, buffer, packetLength, 2_000_000, batched: false, ref now, out _);
clock[0] = now;
for (var r = 0; r < rounds; r++)
{
    foreach (var threads in new[] { 1, 2 })
    {
        var (seconds, cpuSeconds, allocated) = RunShared(engine, engineLock, buffer, packetLength, packetsPerRound, threads, clock);
        var rate = packetsPerRound / seconds;
        var cpuNs = cpuSeconds * 1e9 / packetsPerRound;
        shared[threads].Add((rate, cpuNs));
        Console.WriteLine($"shared engine, {threads} thread(s), round {r + 1}: {rate / 1e6:F2} Mpackets/s in all, {rate / threads / 1e6:F2} per thread, " +
            $"{cpuNs:F0} ns CPU/packet (process), allocated {allocated} B");
    }
}
foreach (var (threads, runs) in shared)
{
    var rate = runs.Select(x => x.Rate).Order().ElementAt(runs.Count / 2);
    var cpu = runs.Select(x => x.CpuNs).Order().ElementAt(runs.Count / 2);
    Console.WriteLine($"median shared engine, {threads} thread(s): {rate / 1e6:F2} Mpackets/s in all, {rate / threads / 1e6:F2} per thread, {cpu:F0} ns CPU/packet");
}
Console.WriteLine($"memory: {presized.PerTunnelGc:F1} B/tunnel pre-sized, {grown.PerTunnelGc:F1} B/tunnel grown from default");
return;

// Each thread takes every threads-th batch of the packet buffer; the engine clock (clock[0]) moves on under the lock.
static (double Seconds, double CpuSeconds, long Allocated) RunShared(GtpInspectionEngine engine, Lock engineLock, byte[] buffer, int packetLength, int count, int threads, long[] clock)
{
    const int BatchSize = 64;
    var distinct = buffer.Length / packetLength;
    var perThread = count / threads;
    using var start = new Barrier(threads + 1);
    var workers = new Thread[threads];
    for (var w = 0; w < threads; w++)
    {
        var first = w;
        workers[w] = new Thread(() =>
        {
            start.SignalAndWait();
            for (var done = 0; done < perThread; done += BatchSize)
            {
                var n = Math.Min(BatchSize, perThread - done);
                var offset = (first + done / BatchSize * threads) * BatchSize;
                lock (engineLock)
                {
                    for (var j = 0; j < n; j++)
                    {
                        var index = (offset + j) % distinct;
                        engine.Inspect(buffer.AsSpan(index * packetLength, packetLength), clock[0]++);
                    }
                }
            }
        });
        workers[w].Start();
    }
    var process = Process.GetCurrentProcess();
    var cpuBefore = process.TotalProcessorTime;
    var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
    start.SignalAndWait();
    var sw = Stopwatch.StartNew();
    foreach (var worker in workers)
    {
        worker.Join();
    }
    sw.Stop();
    process.Refresh();
    return (sw.Elapsed.TotalSeconds, (process.TotalProcessorTime - cpuBefore).TotalSeconds, GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore);
}

static double Run(GtpInspectionEngine engine, byte[] buffer, int packetLength, int count, bool batched, ref long now, out long permitted)
{
    const int BatchSize = 64;
    var distinct = buffer.Length / packetLength;
    permitted = 0;
    Span<PacketRef> batch = stackalloc PacketRef[BatchSize];
    Span<InspectionResult> results = stackalloc InspectionResult[BatchSize];
    var sw = Stopwatch.StartNew();
    if (batched)
    {
        for (var i = 0; i < count; i += BatchSize)
        {
            var n = Math.Min(BatchSize, count - i);
            for (var j = 0; j < n; j++)
            {
                batch[j] = new PacketRef((i + j) % distinct * packetLength, packetLength, now + i + j);
            }
            engine.InspectBatch(buffer, batch[..n], results);
            for (var j = 0; j < n; j++)
            {
                if (results[j].Verdict == Verdict.Permit)
                {
                    permitted++;
                }
            }
        }
    }
    else
    {
        for (var i = 0; i < count; i++)
        {
            var index = i % distinct;
            var result = engine.Inspect(buffer.AsSpan(index * packetLength, packetLength), now + i);
            if (result.Verdict == Verdict.Permit)
            {
                permitted++;
            }
        }
    }
    sw.Stop();
    now += count;
    return sw.Elapsed.TotalSeconds;
}

static (double PerTunnelGc, double PerTunnelAllocated, double FillSeconds) MeasureFill(Gtp.Firewall.Policies.FirewallPolicy policy, int tunnels, bool presize, out GtpInspectionEngine engine)
{
    GC.Collect();
    GC.WaitForPendingFinalizers();
    GC.Collect();
    var before = GC.GetTotalMemory(true);
    var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
    var sw = Stopwatch.StartNew();
    engine = new GtpInspectionEngine(policy, expectedTunnels: presize ? tunnels : 1024);
    var table = engine.Tunnels;
    var created = new DateTime(2026, 11, 22, 8, 0, 0, DateTimeKind.Utc).Ticks;
    for (var t = 0; t < tunnels; t++)
    {
        var spec = new TunnelSpec
        {
            Imsi = 0x0010_1000_0000_0000UL + (ulong)t,
            Nsapi = 5,
            Version = 1,
            ServingControl = Sgsn(t),
            ServingControlTeid = ServingTeid(t) | 0x8000_0000,
            ServingUser = Sgsn(t),
            ServingUserTeid = ServingTeid(t),
            AnchorControl = Ggsn(t),
            AnchorControlTeid = AnchorTeid(t) | 0x8000_0000,
            AnchorUser = Ggsn(t),
            AnchorUserTeid = AnchorTeid(t),
            EndUser = IpAddress128.FromIPv4(0x6440_0000u + (uint)t),
        };
        table.Add(spec.Materialize(table, TunnelKind.Context, created));
    }
    sw.Stop();
    var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
    var after = GC.GetTotalMemory(true);
    GC.KeepAlive(engine);
    return ((after - before) / (double)tunnels, allocated / (double)tunnels, sw.Elapsed.TotalSeconds);
}

static double MeasureCharging(Gtp.Firewall.Policies.FirewallPolicy policy, int contexts, bool charging, bool subscriber)
{
    var outbox = Path.Combine(Path.GetTempPath(), $"fw-bench-{Environment.ProcessId}-{Guid.NewGuid():N}.db");
    var options = new Gtp.Firewall.Charging.ChargingOptions { Outbox = outbox };
    options.Cdf.Cgfs.Add(new Cdf.Client.Configuration.CgfEndpointOptions { Host = "127.0.0.1", Port = 9 });
    // Not started: nothing is sent or written; the observer only keeps the open records.
    var usage = charging ? Gtp.Firewall.Charging.UsageCharging.Create(options, Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance) : null;
    GC.Collect();
    GC.WaitForPendingFinalizers();
    GC.Collect();
    var before = GC.GetTotalMemory(true);
    var engine = new GtpInspectionEngine(policy, expectedTunnels: contexts);
    var observer = usage?.Attach(engine);
    var table = engine.Tunnels;
    var created = new DateTime(2026, 11, 22, 8, 0, 0, DateTimeKind.Utc).Ticks;
    for (var t = 0; t < contexts; t++)
    {
        var spec = new TunnelSpec
        {
            Imsi = 0x0010_1000_0000_0000UL + (ulong)t,
            Nsapi = 5,
            Version = 2,
            ServingControl = Sgsn(t),
            ServingControlTeid = ServingTeid(t) | 0x8000_0000,
            ServingUser = Sgsn(t),
            ServingUserTeid = ServingTeid(t),
            AnchorControl = Ggsn(t),
            AnchorControlTeid = AnchorTeid(t) | 0x8000_0000,
            AnchorUser = Ggsn(t),
            AnchorUserTeid = AnchorTeid(t),
            EndUser = IpAddress128.FromIPv4(0x6440_0000u + (uint)t),
        };
        var slot = table.Add(spec.Materialize(table, TunnelKind.Context, created));
        if (subscriber && observer is not null)
        {
            // What SubscriberElementsV2 makes of a Create Session Request: strings and arrays of each context's own.
            observer.SubscriberCaptured(table.IdOf(slot), new Gtp.Firewall.Gtp.SubscriberFields
            {
                Msisdn = (46_700_000_000L + t).ToString(System.Globalization.CultureInfo.InvariantCulture),
                Imeisv = (3_516_010_000_000_000L + t).ToString(System.Globalization.CultureInfo.InvariantCulture),
                RatType = 6,
                UserLocation = [0x18, 0x62, 0xF2, 0x10, 0, 1, 0x62, 0xF2, 0x10, 0, 0, (byte)(t >> 8), (byte)t],
                MsTimeZone = [0x40, 0],
                ServingPlmn = [0x62, 0xF2, 0x10],
                ChargingCharacteristics = [4, 0],
                SelectionMode = 0,
                DynamicAddress = true,
                Qos = new byte[22],
                ApnAmbr = (50_000, 100_000),
            });
        }
    }
    var after = GC.GetTotalMemory(true);
    GC.KeepAlive(engine);
    GC.KeepAlive(observer);
    if (usage is not null)
        usage.DisposeAsync().AsTask().GetAwaiter().GetResult();
    File.Delete(outbox);
    return (after - before) / (double)contexts;
}

// 16 SGSNs (20.20.0.x) and 4 GGSNs (10.10.0.x); TEIDs unique per node.
static IpAddress128 Sgsn(int t) => IpAddress128.FromIPv4(0x1414_0000u + (uint)(t % 16));
static IpAddress128 Ggsn(int t) => IpAddress128.FromIPv4(0x0A0A_0000u + (uint)(t % 4));
static uint ServingTeid(int t) => (uint)t * 2 + 1;
static uint AnchorTeid(int t) => (uint)t * 2 + 2;

// The user's address, as the context was given it (FillTunnels).
static uint EndUser(int t) => 0x6440_0000u + (uint)t;

static void WriteGPdu(Span<byte> p, IpAddress128 src, IpAddress128 dst, uint teid, uint endUser, bool uplink)
{
    var total = p.Length;
    p[0] = 0x45;
    BinaryPrimitives.WriteUInt16BigEndian(p[2..], (ushort)total);
    p[8] = 64;
    p[9] = 17;
    BinaryPrimitives.WriteUInt32BigEndian(p[12..], (uint)src.Lo);
    BinaryPrimitives.WriteUInt32BigEndian(p[16..], (uint)dst.Lo);
    BinaryPrimitives.WriteUInt16BigEndian(p[20..], 2152);
    BinaryPrimitives.WriteUInt16BigEndian(p[22..], 2152);
    BinaryPrimitives.WriteUInt16BigEndian(p[24..], (ushort)(total - 20));
    p[28] = 0x30;
    p[29] = 0xFF;
    BinaryPrimitives.WriteUInt16BigEndian(p[30..], (ushort)(total - 36));
    BinaryPrimitives.WriteUInt32BigEndian(p[32..], teid);
    // T-PDU: IPv4/UDP between the user and 8.8.8.8:53, so the G-PDU checks read real addresses and ports.
    p[36] = 0x45;
    p[36 + 9] = 17;
    BinaryPrimitives.WriteUInt32BigEndian(p[(36 + 12)..], uplink ? endUser : 0x0808_0808u);
    BinaryPrimitives.WriteUInt32BigEndian(p[(36 + 16)..], uplink ? 0x0808_0808u : endUser);
    BinaryPrimitives.WriteUInt16BigEndian(p[(36 + 20)..], 40000);
    BinaryPrimitives.WriteUInt16BigEndian(p[(36 + 22)..], 53);
}
