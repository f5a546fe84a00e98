using Gtp.Firewall.Configuration;
using Gtp.Firewall.Inspection;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Gtp.Firewall.Inline;

/// <summary>
/// One NFQUEUE queue bound through libnetfilter_queue, with the packet loop that inspects each queued packet with
/// the engine and returns its verdict. Single-threaded by design (the engine is): <see cref="Run"/> owns the
/// netlink socket, the receive buffers and the engine. Each queued packet is one netlink datagram; one recvmmsg
/// takes up to <see cref="MaxBatch"/> of them without blocking, and the batch's verdicts go back as one
/// NFQNL_MSG_VERDICT_BATCH per run of equal verdicts (a batch verdict covers every queued id ≤ the given one, and
/// ids rise in queue order). Nothing is allocated per packet.
/// </summary>
internal sealed unsafe class NetfilterQueue : IDisposable
{
    public const int MaxBatch = 64;
    private const int ReceiveTimeoutMicroseconds = 200_000;
    private const int BufferSize = 0xFFFF + 4096; // copy range + netlink/nfqueue attribute overhead
    private static readonly long ZoneCacheLifetime = TimeSpan.FromMinutes(1).Ticks;

    private readonly GtpInspectionEngine _engine;
    private readonly PolicyMailbox _reloads;
    private InterfaceZones _zones;
    private readonly byte[] _buffers = GC.AllocateUninitializedArray<byte>(BufferSize * MaxBatch, pinned: true);
    private readonly uint[] _ids = new uint[MaxBatch];
    private readonly uint[] _verdicts = new uint[MaxBatch];
    private readonly int[] _runEnds = new int[MaxBatch];
    private GCHandle _self;
    private nint _handle;
    private nint _queue;
    private int _fd;
    private int _pending;
    private long _now;
    private uint _lastId;

    private NetfilterQueue(GtpInspectionEngine engine, InterfaceZones zones, PolicyMailbox reloads)
    {
        _engine = engine;
        _zones = zones;
        _reloads = reloads;
    }

    /// <summary>Policies taken from the reload mailbox.</summary>
    public long PoliciesTaken { get; private set; }

    public long Accepted { get; private set; }
    public long Dropped { get; private set; }
    /// <summary>VERDICT_BATCH messages sent.</summary>
    public long VerdictMessages { get; private set; }
    /// <summary>Receive overruns reported by the kernel (only if NETLINK_NO_ENOBUFS could not be set).</summary>
    public long Overruns { get; private set; }
    public long VerdictFailures { get; private set; }

    /// <summary>
    /// Packets the kernel numbered but could not hand over (the socket buffer was full): with fail-open it accepted
    /// them unjudged, otherwise it dropped them. Seen as gaps in the packet ids, which the kernel assigns in queue
    /// order just before it sends each packet to us.
    /// </summary>
    public long Unjudged { get; private set; }

    /// <summary>Binds queue <see cref="QueueOptions.Number"/>; a failure is a <see cref="QueueStartException"/> with one line.</summary>
    /// <param name="reloads">Reloaded policies, swapped in between two receive batches with the zones of their interfaces.</param>
    public static NetfilterQueue Open(QueueOptions options, GtpInspectionEngine engine, InterfaceZones zones, PolicyMailbox reloads)
    {
        var queue = new NetfilterQueue(engine, zones, reloads);
        try
        {
            queue.Bind(options);
            return queue;
        }
        catch
        {
            queue.Dispose();
            throw;
        }
    }

    private void Bind(QueueOptions options)
    {
        try
        {
            _handle = NetfilterQueueNative.Open();
        }
        catch (DllNotFoundException)
        {
            throw new QueueStartException($"{NetfilterQueueNative.Library} not found (install the Debian package libnetfilter-queue1)");
        }
        if (_handle == 0)
        {
            throw Failure("nfq_open");
        }
        // Since Linux 3.8 the per-family bind is a no-op, but older kernels need it and it fails without CAP_NET_ADMIN.
        NetfilterQueueNative.UnbindProtocolFamily(_handle, NetfilterQueueNative.AfInet);
        if (NetfilterQueueNative.BindProtocolFamily(_handle, NetfilterQueueNative.AfInet) < 0)
        {
            throw Failure("nfq_bind_pf(AF_INET)");
        }
        NetfilterQueueNative.BindProtocolFamily(_handle, NetfilterQueueNative.AfInet6);
        _self = GCHandle.Alloc(this);
        _queue = NetfilterQueueNative.CreateQueue(_handle, (ushort)options.Number, &OnPacket, GCHandle.ToIntPtr(_self));
        if (_queue == 0)
        {
            throw Failure($"queue {options.Number}: nfq_create_queue (in use by another program?)");
        }
        if (NetfilterQueueNative.SetMode(_queue, NetfilterQueueNative.CopyPacket, 0xFFFF) < 0)
        {
            throw Failure("nfq_set_mode");
        }
        if (NetfilterQueueNative.SetQueueMaxLength(_queue, (uint)options.MaxLength) < 0)
        {
            throw Failure("nfq_set_queue_maxlen");
        }
        var flags = (options.FailOpen ? NetfilterQueueNative.FlagFailOpen : 0) | (options.Gso ? NetfilterQueueNative.FlagGso : 0);
        if (NetfilterQueueNative.SetQueueFlags(_queue, NetfilterQueueNative.FlagFailOpen | NetfilterQueueNative.FlagGso, flags) < 0)
        {
            throw Failure("nfq_set_queue_flags (kernel older than 3.6?)");
        }
        _fd = NetfilterQueueNative.FileDescriptor(_handle);
        var size = options.ReceiveBufferBytes;
        if (NetfilterQueueNative.SetSocketOption(_fd, NetfilterQueueNative.SolSocket, NetfilterQueueNative.SoRcvBufForce, &size, sizeof(int)) < 0)
        {
            NetfilterQueueNative.SetSocketOption(_fd, NetfilterQueueNative.SolSocket, NetfilterQueueNative.SoRcvBuf, &size, sizeof(int));
        }
        // A full socket buffer then costs the kernel the packet (dropped or, fail-open, accepted) instead of an
        // ENOBUFS error that would make us resynchronise.
        var one = 1;
        NetfilterQueueNative.SetSocketOption(_fd, NetfilterQueueNative.SolNetlink, NetfilterQueueNative.NetlinkNoEnobufs, &one, sizeof(int));
        // The blocking receive returns at least this often, so a stop request is seen.
        var timeout = stackalloc long[2] { 0, ReceiveTimeoutMicroseconds }; // struct timeval
        if (NetfilterQueueNative.SetSocketOption(_fd, NetfilterQueueNative.SolSocket, NetfilterQueueNative.SoRcvTimeo, (int*)timeout, 16) < 0)
        {
            throw Failure("setsockopt(SO_RCVTIMEO)");
        }
    }

    private static QueueStartException Failure(string call)
    {
        var errno = Marshal.GetLastPInvokeError();
        var hint = errno is 1 or 13 ? " (needs root or CAP_NET_ADMIN)" : "";
        return new QueueStartException($"{call} failed: {Marshal.GetPInvokeErrorMessage(errno)}{hint}");
    }

    /// <summary>The packet loop; returns when <paramref name="stop"/> is cancelled (checked at least every 200 ms).</summary>
    public void Run(CancellationToken stop)
    {
        var nextZoneReset = DateTime.UtcNow.Ticks + ZoneCacheLifetime;
        var vectors = stackalloc NetfilterQueueNative.IoVector[MaxBatch];
        var messages = stackalloc NetfilterQueueNative.MultiMessageHeader[MaxBatch];
        fixed (byte* buffers = _buffers)
        {
            for (var i = 0; i < MaxBatch; i++)
            {
                vectors[i] = new NetfilterQueueNative.IoVector { Base = buffers + i * BufferSize, Length = BufferSize };
            }
            while (!stop.IsCancellationRequested)
            {
                for (var i = 0; i < MaxBatch; i++)
                {
                    messages[i] = new NetfilterQueueNative.MultiMessageHeader { Vectors = &vectors[i], VectorCount = 1 };
                }
                // Blocks until one packet is queued (or SO_RCVTIMEO passes), then takes what else is there: one system
                // call per wake-up, no separate poll.
                var count = NetfilterQueueNative.ReceiveMultiple(_fd, messages, MaxBatch, NetfilterQueueNative.MsgWaitForOne, null);
                if (_reloads.TryTake(out var policy))
                {
                    // Zone indexes are the new policy's: the interface map changes with it, before any packet uses either.
                    _engine.ReplacePolicy(policy);
                    _zones = new InterfaceZones(policy);
                    PoliciesTaken++;
                }
                if (count <= 0)
                {
                    var errno = count < 0 ? Marshal.GetLastPInvokeError() : NetfilterQueueNative.EAgain;
                    if (errno == NetfilterQueueNative.ENoBufs)
                    {
                        Overruns++;
                    }
                    else if (errno is not (NetfilterQueueNative.EAgain or NetfilterQueueNative.EIntr))
                    {
                        throw new QueueStartException($"recvmmsg failed: {Marshal.GetPInvokeErrorMessage(errno)}");
                    }
                    // A quiet queue still ages tunnels and charging records (idle timeout, TimeLimit).
                    _now = DateTime.UtcNow.Ticks;
                    _engine.SweepIfDue(_now);
                    AfterBatch?.Invoke();
                    continue;
                }
                // One clock read per batch: its packets were queued within microseconds of each other.
                _now = DateTime.UtcNow.Ticks;
                if (_now >= nextZoneReset)
                {
                    _zones.Clear();
                    nextZoneReset = _now + ZoneCacheLifetime;
                }
                for (var i = 0; i < count; i++)
                {
                    // Calls OnPacket for the queued-packet message in the datagram.
                    NetfilterQueueNative.HandlePacket(_handle, (byte*)vectors[i].Base, (int)messages[i].Length);
                }
                Flush();
                AfterBatch?.Invoke();
            }
        }
    }

    /// <summary>Runs on the packet thread after each batch and on a quiet queue (the tunnel state checkpoint).</summary>
    public Action? AfterBatch { get; set; }

    [UnmanagedCallersOnly]
    private static int OnPacket(nint queue, nint message, nint data, nint self)
    {
        Unsafe.As<NetfilterQueue>(GCHandle.FromIntPtr(self).Target!).Handle(data);
        return 0;
    }

    /// <summary>Packets whose inspection threw (a bug; dropped); see <see cref="FirstInternalError"/>.</summary>
    public long InternalErrors { get; private set; }
    public Exception? FirstInternalError { get; private set; }

    private void Handle(nint data)
    {
        var header = NetfilterQueueNative.GetPacketHeader(data);
        if (header == 0)
        {
            return;
        }
        var id = BinaryPrimitives.ReadUInt32BigEndian(new ReadOnlySpan<byte>((void*)header, 4));
        if (_lastId != 0 && id > _lastId + 1)
        {
            Unjudged += id - _lastId - 1;
        }
        _lastId = id;
        byte* payload;
        var length = NetfilterQueueNative.GetPayload(data, &payload);
        var verdict = NetfilterQueueNative.Accept;
        if (length > 0)
        {
            var from = _zones.ZoneOf(NetfilterQueueNative.GetInDevice(data));
            var to = _zones.ZoneOf(NetfilterQueueNative.GetOutDevice(data));
            try
            {
                var result = _engine.Inspect(new ReadOnlySpan<byte>(payload, length), _now, from, to);
                // A held fragment passes: the datagram's verdict is given on its last fragment, and dropping that one
                // keeps the receiver from reassembling the datagram.
                verdict = result.Verdict == Verdict.Drop ? NetfilterQueueNative.Drop : NetfilterQueueNative.Accept;
            }
            catch (Exception ex)
            {
                // The engine is built never to throw, so this is a bug. An exception must not reach the native frame
                // (the runtime would end the process): drop the packet, count it, keep the first for the exit report.
                verdict = NetfilterQueueNative.Drop;
                InternalErrors++;
                FirstInternalError ??= ex;
            }
        }
        if (verdict == NetfilterQueueNative.Accept)
        {
            Accepted++;
        }
        else
        {
            Dropped++;
        }
        _ids[_pending] = id;
        _verdicts[_pending] = verdict;
        if (++_pending == MaxBatch)
        {
            Flush();
        }
    }

    private void Flush()
    {
        var runs = RunEnds(_verdicts.AsSpan(0, _pending), _runEnds);
        foreach (var end in _runEnds.AsSpan(0, runs))
        {
            VerdictMessages++;
            if (NetfilterQueueNative.SetVerdictBatch(_queue, _ids[end], _verdicts[end]) < 0)
            {
                VerdictFailures++;
            }
        }
        _pending = 0;
    }

    /// <summary>
    /// Indexes of the last packet of each run of equal verdicts, in order: one batch verdict per run, given with that
    /// packet's id, covers exactly the run (earlier ids already have theirs).
    /// </summary>
    public static int RunEnds(ReadOnlySpan<uint> verdicts, Span<int> ends)
    {
        var count = 0;
        for (var i = 0; i < verdicts.Length; i++)
        {
            if (i + 1 == verdicts.Length || verdicts[i + 1] != verdicts[i])
            {
                ends[count++] = i;
            }
        }
        return count;
    }

    public void Dispose()
    {
        if (_queue != 0)
        {
            NetfilterQueueNative.DestroyQueue(_queue);
            _queue = 0;
        }
        if (_handle != 0)
        {
            NetfilterQueueNative.Close(_handle);
            _handle = 0;
        }
        if (_self.IsAllocated)
        {
            _self.Free();
        }
    }
}
