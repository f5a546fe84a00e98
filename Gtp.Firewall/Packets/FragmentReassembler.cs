using System.Buffers;

namespace Gtp.Firewall.Packets;

/// <summary>
/// Reassembles fragmented UDP datagrams (IPv4 RFC 791 §3.2, IPv6 RFC 8200 §4.5) before GTP inspection
/// (TS 29.281 §4.4 leaves fragmentation to IP). Bounded: at most <see cref="MaxDatagrams"/> datagrams in
/// progress and <see cref="MaxBufferedBytes"/> octets buffered; a datagram not complete after the timeout is discarded.
/// Overlapping fragments discard the whole datagram (RFC 5722).
/// </summary>
public sealed class FragmentReassembler
{
    private const int MaxDatagramLength = 65_535;

    private readonly Dictionary<Key, Datagram> _pending = new();
    private readonly long _timeoutTicks;
    private long _bufferedBytes;

    public FragmentReassembler(int maxDatagrams = 256, long maxBufferedBytes = 4 * 1024 * 1024, TimeSpan? timeout = null)
    {
        MaxDatagrams = maxDatagrams;
        MaxBufferedBytes = maxBufferedBytes;
        _timeoutTicks = (timeout ?? TimeSpan.FromSeconds(30)).Ticks;
    }

    public int MaxDatagrams { get; }
    public long MaxBufferedBytes { get; }
    public int InProgress => _pending.Count;
    public long BufferedBytes => _bufferedBytes;

    /// <summary>
    /// Adds one fragment. Returns <see cref="ReassemblyStatus.Complete"/> with the datagram's L4 octets in
    /// <paramref name="buffer"/>[0..<paramref name="length"/>); the caller must pass the buffer to <see cref="Return"/>.
    /// </summary>
    public ReassemblyStatus Add(in FragmentInfo fragment, ReadOnlySpan<byte> data, long nowTicks, out byte[]? buffer, out int length, out DropReason reason)
    {
        buffer = null;
        length = 0;
        reason = DropReason.None;
        var end = fragment.Offset + data.Length;
        if (end > MaxDatagramLength)
        {
            reason = DropReason.FragmentLimitExceeded;
            Discard(new Key(fragment));
            return ReassemblyStatus.Dropped;
        }
        if (fragment.MoreFragments && (data.Length == 0 || (data.Length & 7) != 0))
        {
            // Every fragment but the last carries a multiple of 8 octets.
            reason = DropReason.IpFragmentMalformed;
            return ReassemblyStatus.Dropped;
        }
        var key = new Key(fragment);
        if (!_pending.TryGetValue(key, out var datagram))
        {
            if (_pending.Count >= MaxDatagrams)
            {
                Expire(nowTicks);
                if (_pending.Count >= MaxDatagrams)
                {
                    reason = DropReason.FragmentLimitExceeded;
                    return ReassemblyStatus.Dropped;
                }
            }
            datagram = new Datagram(ArrayPool<byte>.Shared.Rent(MaxDatagramLength), nowTicks);
            _pending.Add(key, datagram);
        }
        if (_bufferedBytes + data.Length > MaxBufferedBytes)
        {
            reason = DropReason.FragmentLimitExceeded;
            Discard(key);
            return ReassemblyStatus.Dropped;
        }
        foreach (var (s, e) in datagram.Ranges)
        {
            if (fragment.Offset < e && s < end)
            {
                reason = DropReason.FragmentOverlap;
                Discard(key);
                return ReassemblyStatus.Dropped;
            }
        }
        if (!fragment.MoreFragments)
        {
            if (datagram.TotalLength >= 0 || datagram.MaxEnd > end)
            {
                reason = DropReason.IpFragmentMalformed;
                Discard(key);
                return ReassemblyStatus.Dropped;
            }
            datagram.TotalLength = end;
        }
        else if (datagram.TotalLength >= 0 && end > datagram.TotalLength)
        {
            reason = DropReason.IpFragmentMalformed;
            Discard(key);
            return ReassemblyStatus.Dropped;
        }
        data.CopyTo(datagram.Buffer.AsSpan(fragment.Offset));
        datagram.Ranges.Add((fragment.Offset, end));
        datagram.Received += data.Length;
        datagram.MaxEnd = Math.Max(datagram.MaxEnd, end);
        _bufferedBytes += data.Length;
        if (datagram.TotalLength < 0 || datagram.Received != datagram.TotalLength)
        {
            return ReassemblyStatus.Incomplete;
        }
        _pending.Remove(key);
        _bufferedBytes -= datagram.Received;
        buffer = datagram.Buffer;
        length = datagram.TotalLength;
        return ReassemblyStatus.Complete;
    }

    public void Return(byte[] buffer) => ArrayPool<byte>.Shared.Return(buffer);

    /// <summary>Discards datagrams older than the timeout; returns how many.</summary>
    public int Expire(long nowTicks)
    {
        if (_pending.Count == 0)
        {
            return 0;
        }
        List<Key>? expired = null;
        foreach (var (key, datagram) in _pending)
        {
            if (nowTicks - datagram.FirstSeenTicks > _timeoutTicks)
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
            Discard(key);
        }
        return expired.Count;
    }

    private void Discard(Key key)
    {
        if (_pending.Remove(key, out var datagram))
        {
            _bufferedBytes -= datagram.Received;
            ArrayPool<byte>.Shared.Return(datagram.Buffer);
        }
    }

    private readonly record struct Key(IpAddress128 Source, IpAddress128 Destination, uint Identification, byte Protocol)
    {
        public Key(in FragmentInfo f) : this(f.Source, f.Destination, f.Identification, f.Protocol)
        {
        }
    }

    private sealed class Datagram(byte[] buffer, long firstSeenTicks)
    {
        public byte[] Buffer { get; } = buffer;
        public long FirstSeenTicks { get; } = firstSeenTicks;
        public List<(int Start, int End)> Ranges { get; } = new(4);
        public int TotalLength { get; set; } = -1;
        public int Received { get; set; }
        public int MaxEnd { get; set; }
    }
}
