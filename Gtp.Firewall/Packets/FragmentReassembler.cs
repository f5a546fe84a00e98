using System.Buffers;

namespace Gtp.Firewall.Packets;

/// <summary>
/// Reassembles fragmented UDP datagrams (IPv4 RFC 791 §3.2, IPv6 RFC 8200 §4.5) before GTP inspection
/// (TS 29.281 §4.4 leaves fragmentation to IP). Bounded: at most <see cref="MaxDatagrams"/> datagrams in
/// progress, <see cref="MaxBufferedBytes"/> octets buffered and <see cref="MaxFragmentsPerDatagram"/> fragments per
/// datagram; a datagram not complete after the timeout is discarded. Overlapping fragments discard the whole datagram
/// (RFC 5722). A discarded datagram leaves a tombstone for one timeout, so that its later fragments are dropped
/// instead of starting a new datagram (docs/firewall-design.md, "Fragments"). Each datagram has an id, and each
/// discard is reported through <see cref="TryTakeDiscarded"/>, so a front end holding fragments can drop them.
/// </summary>
public sealed class FragmentReassembler
{
    private const int MaxDatagramLength = 65_535;

    private readonly Dictionary<Key, Datagram> _pending = new();
    private readonly Dictionary<Key, long> _tombstones = new();
    private readonly Queue<uint> _discarded;
    private readonly long _timeoutTicks;
    private long _bufferedBytes;
    private uint _lastId;
    private int _timedOut;

    public FragmentReassembler(int maxDatagrams = 256, long maxBufferedBytes = 4 * 1024 * 1024, TimeSpan? timeout = null,
        int maxFragmentsPerDatagram = 64, int maxTombstones = 4096)
    {
        MaxDatagrams = maxDatagrams;
        MaxBufferedBytes = maxBufferedBytes;
        MaxFragmentsPerDatagram = maxFragmentsPerDatagram;
        MaxTombstones = maxTombstones;
        _timeoutTicks = (timeout ?? TimeSpan.FromSeconds(30)).Ticks;
        // Room for a whole expiry sweep plus one receive batch of discards between two drains.
        _discarded = new Queue<uint>(2 * maxDatagrams);
    }

    /// <summary>How long a datagram may take to complete, and how long a discarded one's tombstone stays.</summary>
    public TimeSpan Timeout => TimeSpan.FromTicks(_timeoutTicks);
    public int MaxDatagrams { get; }
    public long MaxBufferedBytes { get; }
    public int MaxFragmentsPerDatagram { get; }
    public int MaxTombstones { get; }
    public int InProgress => _pending.Count;
    public long BufferedBytes => _bufferedBytes;

    /// <summary>Discarded datagrams whose later fragments are still being dropped.</summary>
    public int Tombstones => _tombstones.Count;

    /// <summary>Discards that left no tombstone because <see cref="MaxTombstones"/> were live.</summary>
    public long TombstonesLost { get; private set; }

    /// <summary>Discard reports dropped because nobody took them (a front end that holds no fragments need not).</summary>
    public long DiscardReportsLost { get; private set; }

    /// <summary>
    /// Adds one fragment. Returns <see cref="ReassemblyStatus.Complete"/> with the datagram's L4 octets in
    /// <paramref name="buffer"/>[0..<paramref name="length"/>); the caller must pass the buffer to <see cref="Return"/>.
    /// <paramref name="datagram"/> is the datagram's id (never 0) while it is or was in reassembly; 0 when the fragment
    /// was refused without one (a tombstone, or no room for a new datagram).
    /// </summary>
    public ReassemblyStatus Add(in FragmentInfo fragment, ReadOnlySpan<byte> data, long nowTicks, out uint datagram, out byte[]? buffer, out int length, out DropReason reason)
    {
        buffer = null;
        length = 0;
        datagram = 0;
        var key = new Key(fragment);
        if (_tombstones.TryGetValue(key, out var until))
        {
            if (nowTicks <= until)
            {
                reason = DropReason.FragmentOfDiscardedDatagram;
                return ReassemblyStatus.Dropped;
            }
            _tombstones.Remove(key);
        }
        _pending.TryGetValue(key, out var entry);
        datagram = entry?.Id ?? 0;
        var end = fragment.Offset + data.Length;
        if (end > MaxDatagramLength)
        {
            return Discard(key, nowTicks, DropReason.FragmentLimitExceeded, out reason);
        }
        if (fragment.MoreFragments && (data.Length == 0 || (data.Length & 7) != 0))
        {
            // Every fragment but the last carries a multiple of 8 octets.
            return Discard(key, nowTicks, DropReason.IpFragmentMalformed, out reason);
        }
        if (entry is null)
        {
            if (_pending.Count >= MaxDatagrams)
            {
                Expire(nowTicks);
                if (_pending.Count >= MaxDatagrams)
                {
                    return Discard(key, nowTicks, DropReason.FragmentLimitExceeded, out reason);
                }
            }
            entry = new Datagram(NextId(), ArrayPool<byte>.Shared.Rent(MaxDatagramLength), nowTicks);
            _pending.Add(key, entry);
            datagram = entry.Id;
        }
        if (_bufferedBytes + data.Length > MaxBufferedBytes || entry.Ranges.Count >= MaxFragmentsPerDatagram)
        {
            return Discard(key, nowTicks, DropReason.FragmentLimitExceeded, out reason);
        }
        foreach (var (s, e) in entry.Ranges)
        {
            if (fragment.Offset < e && s < end)
            {
                return Discard(key, nowTicks, DropReason.FragmentOverlap, out reason);
            }
        }
        if (!fragment.MoreFragments)
        {
            if (entry.TotalLength >= 0 || entry.MaxEnd > end)
            {
                return Discard(key, nowTicks, DropReason.IpFragmentMalformed, out reason);
            }
            entry.TotalLength = end;
        }
        else if (entry.TotalLength >= 0 && end > entry.TotalLength)
        {
            return Discard(key, nowTicks, DropReason.IpFragmentMalformed, out reason);
        }
        reason = DropReason.None;
        data.CopyTo(entry.Buffer.AsSpan(fragment.Offset));
        entry.Ranges.Add((fragment.Offset, end));
        entry.Received += data.Length;
        entry.MaxEnd = Math.Max(entry.MaxEnd, end);
        _bufferedBytes += data.Length;
        if (entry.TotalLength < 0 || entry.Received != entry.TotalLength)
        {
            return ReassemblyStatus.Incomplete;
        }
        _pending.Remove(key);
        _bufferedBytes -= entry.Received;
        buffer = entry.Buffer;
        length = entry.TotalLength;
        return ReassemblyStatus.Complete;
    }

    /// <summary>Datagrams discarded by the timeout since the last call (the caller counts them).</summary>
    public int TakeTimedOut()
    {
        var count = _timedOut;
        _timedOut = 0;
        return count;
    }

    public void Return(byte[] buffer) => ArrayPool<byte>.Shared.Return(buffer);

    /// <summary>The id of a datagram discarded since the last call (a front end drops the fragments it holds for it).</summary>
    public bool TryTakeDiscarded(out uint datagram) => _discarded.TryDequeue(out datagram);

    /// <summary>
    /// Discards datagram <paramref name="datagram"/> if it is in reassembly (a front end could not hold its fragment),
    /// leaving a tombstone; returns whether it was.
    /// </summary>
    public bool Discard(uint datagram, long nowTicks)
    {
        foreach (var (key, entry) in _pending)
        {
            if (entry.Id == datagram)
            {
                Discard(key, nowTicks, DropReason.FragmentLimitExceeded, out _);
                return true;
            }
        }
        return false;
    }

    /// <summary>Discards datagrams older than the timeout and forgets expired tombstones; returns how many datagrams.</summary>
    public int Expire(long nowTicks)
    {
        if (_tombstones.Count > 0)
        {
            ForgetTombstones(nowTicks);
        }
        if (_pending.Count == 0)
        {
            return 0;
        }
        List<Key>? expired = null;
        foreach (var (key, entry) in _pending)
        {
            if (nowTicks - entry.FirstSeenTicks > _timeoutTicks)
            {
                (expired ??= new()).Add(key);
            }
        }
        if (expired is null)
        {
            return 0;
        }
        foreach (var key in expired)
        {
            Discard(key, nowTicks, DropReason.FragmentTimeout, out _);
        }
        _timedOut += expired.Count;
        return expired.Count;
    }

    private uint NextId()
    {
        // 0 means "no datagram"; a wrap after 2^32 datagrams cannot meet a live one (at most MaxDatagrams live).
        if (++_lastId == 0)
        {
            _lastId = 1;
        }
        return _lastId;
    }

    /// <summary>Removes the datagram (if in progress), reports it and tombstones its key: always <see cref="ReassemblyStatus.Dropped"/>.</summary>
    private ReassemblyStatus Discard(Key key, long nowTicks, DropReason why, out DropReason reason)
    {
        reason = why;
        if (_pending.Remove(key, out var entry))
        {
            _bufferedBytes -= entry.Received;
            ArrayPool<byte>.Shared.Return(entry.Buffer);
            if (_discarded.Count >= 2 * MaxDatagrams)
            {
                _discarded.Dequeue();
                DiscardReportsLost++;
            }
            _discarded.Enqueue(entry.Id);
        }
        if (_tombstones.Count >= MaxTombstones && !_tombstones.ContainsKey(key))
        {
            ForgetTombstones(nowTicks);
            if (_tombstones.Count >= MaxTombstones)
            {
                TombstonesLost++;
                return ReassemblyStatus.Dropped;
            }
        }
        _tombstones[key] = nowTicks + _timeoutTicks;
        return ReassemblyStatus.Dropped;
    }

    private void ForgetTombstones(long nowTicks)
    {
        foreach (var (key, until) in _tombstones)
        {
            if (nowTicks > until)
            {
                // Removing during enumeration is allowed for Dictionary since .NET Core 3.0.
                _tombstones.Remove(key);
            }
        }
    }

    private readonly record struct Key(IpAddress128 Source, IpAddress128 Destination, uint Identification, byte Protocol)
    {
        public Key(in FragmentInfo f) : this(f.Source, f.Destination, f.Identification, f.Protocol)
        {
        }
    }

    private sealed class Datagram(uint id, byte[] buffer, long firstSeenTicks)
    {
        public uint Id { get; } = id;
        public byte[] Buffer { get; } = buffer;
        public long FirstSeenTicks { get; } = firstSeenTicks;
        public List<(int Start, int End)> Ranges { get; } = new(4);
        public int TotalLength { get; set; } = -1;
        public int Received { get; set; }
        public int MaxEnd { get; set; }
    }
}
