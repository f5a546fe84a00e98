using Gtp.Firewall.Configuration;
using Gtp.Firewall.Inspection;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Gtp.Firewall.Inline;

/// <summary>
/// One NFQUEUE queue bound through libnetfilter_queue, with the packet loop that inspects each queued packet with
/// the engine and returns its verdict. <see cref="Run"/> owns the queue's netlink socket and receive buffers; the
/// engine may be shared with the other queues' threads, so each batch is inspected holding the engine lock
/// (docs/firewall-multicore.md): receiving and sending verdicts run in parallel, inspection is serialized. Each
/// queued packet is one netlink datagram; one recvmmsg
/// takes up to <see cref="MaxBatch"/> of them without blocking, and the batch's verdicts go back as one
/// NFQNL_MSG_VERDICT_BATCH per run of equal verdicts (a batch verdict covers every queued id ≤ the given one, and
/// ids rise in queue order). Nothing is allocated per unfragmented packet.
/// An IP fragment is held (no verdict) until its datagram is reassembled and judged, then gets the datagram's
/// verdict; a discarded datagram's held fragments are dropped (<see cref="VerdictPlan"/>, docs/firewall-design.md,
/// "Fragments").
/// </summary>
internal sealed unsafe class NetfilterQueue : IDisposable
{
    public const int MaxBatch = 64;
    private const int ReceiveTimeoutMicroseconds = 200_000;
    private const int BufferSize = 0xFFFF + 4096; // copy range + netlink/nfqueue attribute overhead
    private static readonly long ZoneCacheLifetime = TimeSpan.FromMinutes(1).Ticks;

    private readonly GtpInspectionEngine _engine;
    private readonly Lock _engineLock;
    private readonly QueuePolicy _policy;
    private InterfaceZones _zones;
    private readonly byte[] _buffers = GC.AllocateUninitializedArray<byte>(BufferSize * MaxBatch, pinned: true);
    private readonly uint[] _ids = new uint[MaxBatch];
    private readonly uint[] _verdicts = new uint[MaxBatch];
    private readonly VerdictMessage[] _messages = new VerdictMessage[MaxBatch];
    private readonly HeldFragments _held;
    // Held packets of earlier batches whose datagram has its verdict now: single verdicts, sent first at the next flush.
    private readonly List<(uint Id, uint Verdict)> _released = new(MaxBatch);
    private GCHandle _self;
    private nint _handle;
    private nint _queue;
    private int _fd;
    private int _pending;
    private long _now;
    private uint _lastId;

    private NetfilterQueue(int number, GtpInspectionEngine engine, Lock engineLock, PolicyMailbox reloads, int maxHeldFragments)
    {
        Number = number;
        _engine = engine;
        _engineLock = engineLock;
        _policy = new QueuePolicy(engine, reloads);
        _zones = _policy.Zones;
        _held = new HeldFragments(maxHeldFragments);
    }

    /// <summary>The NFQUEUE queue number.</summary>
    public int Number { get; }

    /// <summary>Policies taken from the reload mailbox.</summary>
    public long PoliciesTaken { get; private set; }

    public long Accepted { get; private set; }
    public long Dropped { get; private set; }
    /// <summary>Verdict messages sent (NFQNL_MSG_VERDICT_BATCH and, for held fragments and what follows them, NFQNL_MSG_VERDICT).</summary>
    public long VerdictMessages { get; private set; }
    /// <summary>Receive overruns reported by the kernel (only if NETLINK_NO_ENOBUFS could not be set).</summary>
    public long Overruns { get; private set; }
    public long VerdictFailures { get; private set; }

    /// <summary>Fragments held now, waiting for their datagram's verdict.</summary>
    public int HeldNow => _held.Count;
    /// <summary>Fragments held since the start.</summary>
    public long HeldTotal { get; private set; }
    /// <summary>Held fragments released with their datagram's accept, or dropped (datagram dropped or discarded, or stop).</summary>
    public long HeldAccepted { get; private set; }
    public long HeldDropped { get; private set; }
    /// <summary>Fragments dropped because <see cref="QueueOptions.MaxHeldFragments"/> were held.</summary>
    public long HeldOverflows { get; private set; }

    /// <summary>
    /// Packets the kernel numbered but could not hand over (the socket buffer was full): with fail-open it accepted
    /// them unjudged, otherwise it dropped them. Seen as gaps in the packet ids, which the kernel assigns in queue
    /// order just before it sends each packet to us.
    /// </summary>
    public long Unjudged { get; private set; }

    /// <summary>Binds queue <paramref name="number"/>; a failure is a <see cref="QueueStartException"/> with one line.</summary>
    /// <param name="engineLock">Held while this queue's thread uses <paramref name="engine"/> (every thread that shares it takes the same lock).</param>
    /// <param name="reloads">
    /// Reloaded policies, shared by every queue of the engine: whichever thread takes one swaps it into the engine, and
    /// each thread rebuilds its interface zones when it sees the engine's policy change, before its next batch.
    /// </param>
    public static NetfilterQueue Open(QueueOptions options, int number, GtpInspectionEngine engine, Lock engineLock, PolicyMailbox reloads)
    {
        var queue = new NetfilterQueue(number, engine, engineLock, reloads, options.MaxHeldFragments);
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
        _queue = NetfilterQueueNative.CreateQueue(_handle, (ushort)Number, &OnPacket, GCHandle.ToIntPtr(_self));
        if (_queue == 0)
        {
            throw Failure($"queue {Number}: nfq_create_queue (in use by another program?)");
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
                var errno = count < 0 ? Marshal.GetLastPInvokeError() : NetfilterQueueNative.EAgain;
                // One lock per batch: the batch's packets are judged one after another with no other queue's packet
                // between them, and each sees the state every packet judged before it left.
                lock (_engineLock)
                {
                    if (_policy.Refresh())
                    {
                        PoliciesTaken++;
                    }
                    _zones = _policy.Zones;
                    if (count <= 0)
                    {
                        if (errno == NetfilterQueueNative.ENoBufs)
                        {
                            Overruns++;
                        }
                        else if (errno is not (NetfilterQueueNative.EAgain or NetfilterQueueNative.EIntr))
                        {
                            throw new QueueStartException($"queue {Number}: recvmmsg failed: {Marshal.GetPInvokeErrorMessage(errno)}");
                        }
                        // A quiet queue still ages tunnels, charging records (idle timeout, TimeLimit) and fragments.
                        _now = DateTime.UtcNow.Ticks;
                        _engine.SweepIfDue(_now);
                        AfterBatch?.Invoke();
                        if (ReleaseDiscarded())
                        {
                            Flush();
                        }
                        continue;
                    }
                    // One clock read per batch (its packets were queued within microseconds of each other), under the
                    // lock so the engine's clock never goes back between two queues' batches.
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
                    ReleaseDiscarded();
                    AfterBatch?.Invoke();
                }
                Flush();
            }
            DropHeld();
        }
    }

    /// <summary>
    /// Runs on the packet thread, under the engine lock, after each batch and on a quiet queue (the tunnel state
    /// checkpoint): with several queues it sees the table between two batches, never during one.
    /// </summary>
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
                verdict = result.Verdict == Verdict.Drop ? NetfilterQueueNative.Drop : NetfilterQueueNative.Accept;
                if (result.Verdict == Verdict.Buffered)
                {
                    // No fragment passes before its datagram is judged: it waits in the kernel queue.
                    verdict = Hold(result.Datagram, id);
                }
                else if (result.Datagram != 0)
                {
                    Release(result.Datagram, verdict);
                }
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
        else if (verdict == NetfilterQueueNative.Drop)
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

    private uint Hold(uint datagram, uint id)
    {
        if (_held.TryHold(datagram, id, _now))
        {
            HeldTotal++;
            return VerdictPlan.Held;
        }
        // Beyond the limit the datagram cannot be judged whole: drop this fragment and the ones held for it.
        HeldOverflows++;
        _engine.RefuseFragment(datagram);
        Release(datagram, NetfilterQueueNative.Drop);
        return NetfilterQueueNative.Drop;
    }

    /// <summary>Gives the packets held for <paramref name="datagram"/> its verdict.</summary>
    private void Release(uint datagram, uint verdict)
    {
        if (!_held.TryTake(datagram, out var ids))
        {
            return;
        }
        foreach (var id in ids)
        {
            if (verdict == NetfilterQueueNative.Accept)
            {
                Accepted++;
                HeldAccepted++;
            }
            else
            {
                Dropped++;
                HeldDropped++;
            }
            var slot = _ids.AsSpan(0, _pending).IndexOf(id);
            if (slot >= 0)
            {
                _verdicts[slot] = verdict;
            }
            else
            {
                _released.Add((id, verdict));
            }
        }
        _held.Recycle(ids);
    }

    /// <summary>Drops the held packets of datagrams the reassembler discarded (timeout, limits); true if verdicts wait.</summary>
    private bool ReleaseDiscarded()
    {
        while (_engine.Reassembler.TryTakeDiscarded(out var datagram))
        {
            Release(datagram, NetfilterQueueNative.Drop);
        }
        // With several queues on one engine another queue's thread may take a discard report for a datagram held
        // here; whatever is still held a second after the reassembly timeout has no verdict coming: dropped.
        if (_held.Count > 0)
        {
            foreach (var datagram in _held.HeldBefore(_now - _engine.Reassembler.Timeout.Ticks - TimeSpan.TicksPerSecond))
            {
                Release(datagram, NetfilterQueueNative.Drop);
            }
        }
        return _released.Count > 0;
    }

    /// <summary>At stop: every held packet is dropped (its datagram was not judged).</summary>
    private void DropHeld()
    {
        foreach (var datagram in _held.Datagrams())
        {
            Release(datagram, NetfilterQueueNative.Drop);
        }
        Flush();
    }

    private void Flush()
    {
        // Released held packets first: a batch verdict below must not meet them while they are still queued.
        foreach (var (id, verdict) in _released)
        {
            Send(new VerdictMessage(false, id, verdict));
        }
        _released.Clear();
        var count = VerdictPlan.Plan(_ids.AsSpan(0, _pending), _verdicts.AsSpan(0, _pending), _held.LowestId(), _messages);
        foreach (var message in _messages.AsSpan(0, count))
        {
            Send(message);
        }
        _pending = 0;
    }

    private void Send(in VerdictMessage message)
    {
        VerdictMessages++;
        var result = message.Batch
            ? NetfilterQueueNative.SetVerdictBatch(_queue, message.Id, message.Verdict)
            : NetfilterQueueNative.SetVerdict(_queue, message.Id, message.Verdict, 0, null);
        if (result < 0)
        {
            VerdictFailures++;
        }
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
