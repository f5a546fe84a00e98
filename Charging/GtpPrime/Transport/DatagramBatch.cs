using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Charging.GtpPrime.Transport;

/// <summary>
/// GTP' over UDP, many datagrams per system call: <c>recvmmsg(2)</c> fills up to <see cref="Capacity"/> slots and
/// <c>sendmmsg(2)</c> sends as many queued datagrams at once (docs/benchmarks.md: at one CDR per request the
/// system call, not the datagram, was the receive thread's largest cost). Elsewhere than Linux one datagram per
/// call through <see cref="Socket"/>. One instance per thread; the socket stays owned by the caller.
/// </summary>
public sealed class DatagramBatch : IDisposable
{
    /// <summary>Room for the largest UDP payload, so no GTP' message is ever truncated.</summary>
    public const int SlotSize = 65536;

    private const int MsgWaitForOne = 0x10000;
    private const int MsgTrunc = 0x20;

    private readonly Socket _socket;
    private readonly byte[] _buffer;
    private readonly SocketAddress[] _addresses;
    private readonly int[] _lengths;
    private readonly bool[] _truncated;
    private readonly MMsgHdr[] _headers;
    private readonly IoVec[] _vectors;
    private readonly GCHandle[] _pins;
    private readonly bool _native = OperatingSystem.IsLinux() && nint.Size == 8;
    private int _queued;

    [StructLayout(LayoutKind.Sequential)]
    private struct IoVec
    {
        public nint Base;
        public nuint Length;
    }

    // struct mmsghdr of Linux on LP64 (x86-64, arm64): struct msghdr (56 octets), then the octets received or sent.
    [StructLayout(LayoutKind.Explicit, Size = 64)]
    private struct MMsgHdr
    {
        [FieldOffset(0)] public nint Name;
        [FieldOffset(8)] public uint NameLength;
        [FieldOffset(16)] public nint Vectors;
        [FieldOffset(24)] public nuint VectorCount;
        [FieldOffset(32)] public nint Control;
        [FieldOffset(40)] public nuint ControlLength;
        [FieldOffset(48)] public int Flags;
        [FieldOffset(56)] public uint Length;
    }

    /// <param name="capacity">Datagrams per system call; each slot holds <see cref="SlotSize"/> octets.</param>
    public DatagramBatch(Socket socket, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _socket = socket;
        Capacity = capacity;
        _buffer = GC.AllocateUninitializedArray<byte>(capacity * SlotSize, pinned: true);
        _addresses = new SocketAddress[capacity];
        _lengths = new int[capacity];
        _truncated = new bool[capacity];
        _headers = GC.AllocateArray<MMsgHdr>(capacity, pinned: true);
        _vectors = GC.AllocateArray<IoVec>(capacity, pinned: true);
        _pins = new GCHandle[capacity];
        for (var i = 0; i < capacity; i++)
        {
            _addresses[i] = new SocketAddress(socket.AddressFamily);
            // SocketAddress.Buffer holds the platform's sockaddr, so the kernel writes it in place.
            _pins[i] = GCHandle.Alloc(AddressArray(_addresses[i]), GCHandleType.Pinned);
            _vectors[i].Base = Marshal.UnsafeAddrOfPinnedArrayElement(_buffer, i * SlotSize);
            _vectors[i].Length = SlotSize;
        }
    }

    /// <summary>Datagrams one call receives or sends at most.</summary>
    public int Capacity { get; }

    /// <summary>Datagrams queued by <see cref="Queue"/> and not yet sent.</summary>
    public int Queued => _queued;

    /// <summary>
    /// Blocks until at least one datagram arrives (or the socket's receive timeout passes), then takes every one already
    /// waiting, up to <see cref="Capacity"/>. Returns how many, with <paramref name="error"/> Success; 0 with the error.
    /// </summary>
    public int Receive(out SocketError error)
    {
        error = SocketError.Success;
        if (!_native)
            return ReceiveOne(out error);
        for (var i = 0; i < Capacity; i++)
            Prepare(i, _addresses[i].Buffer.Length);
        var count = RecvMMsg(_socket.SafeHandle, Marshal.UnsafeAddrOfPinnedArrayElement(_headers, 0), (uint)Capacity, MsgWaitForOne, 0);
        if (count < 0)
        {
            error = ErrorOf(Marshal.GetLastPInvokeError());
            return 0;
        }
        // A socket shut down while blocked reads as one empty message from nowhere; a real datagram has a source.
        if (_headers[0].NameLength == 0 && _headers[0].Length == 0 && _socket.SocketType == SocketType.Dgram && !_socket.Connected)
        {
            error = SocketError.Shutdown;
            return 0;
        }
        for (var i = 0; i < count; i++)
        {
            _lengths[i] = (int)_headers[i].Length;
            _truncated[i] = (_headers[i].Flags & MsgTrunc) != 0;
            _addresses[i].Size = (int)_headers[i].NameLength;
        }
        return count;
    }

    /// <summary>Datagram <paramref name="index"/> of the last <see cref="Receive"/>; valid until the next call.</summary>
    public Memory<byte> Datagram(int index) => _buffer.AsMemory(index * SlotSize, _lengths[index]);

    /// <summary>Where datagram <paramref name="index"/> came from (or goes to, once queued); reused by the next call.</summary>
    public SocketAddress Address(int index) => _addresses[index];

    /// <summary>True when datagram <paramref name="index"/> was longer than a slot and lost its end.</summary>
    public bool IsTruncated(int index) => _truncated[index];

    /// <summary>
    /// Queues <paramref name="datagram"/> to <paramref name="destination"/> (null on a connected socket); false when the
    /// batch is full (call <see cref="Flush"/> first).
    /// </summary>
    public bool Queue(ReadOnlySpan<byte> datagram, SocketAddress? destination)
    {
        if (_queued == Capacity)
            return false;
        datagram.CopyTo(_buffer.AsSpan(_queued * SlotSize, SlotSize));
        _lengths[_queued] = datagram.Length;
        if (destination is null)
            _addresses[_queued].Size = 0;
        else
        {
            destination.Buffer.Span[..destination.Size].CopyTo(_addresses[_queued].Buffer.Span);
            _addresses[_queued].Size = destination.Size;
        }
        _queued++;
        return true;
    }

    /// <summary>
    /// Sends what <see cref="Queue"/> holds, in order. Returns how many were sent (all unless an error stopped the
    /// call, then <paramref name="error"/> says which); the batch is empty afterwards either way: UDP gives no
    /// guarantee of delivery, and the GTP' requester retransmits (docs/gtp-prime.md §5).
    /// </summary>
    public int Flush(out SocketError error)
    {
        error = SocketError.Success;
        var queued = _queued;
        _queued = 0;
        if (queued == 0)
            return 0;
        if (!_native)
            return SendEach(queued, out error);
        for (var i = 0; i < queued; i++)
        {
            Prepare(i, _addresses[i].Size);
            _vectors[i].Length = (nuint)_lengths[i];
        }
        var sent = 0;
        try
        {
            while (sent < queued)
            {
                var count = SendMMsg(_socket.SafeHandle, Marshal.UnsafeAddrOfPinnedArrayElement(_headers, sent), (uint)(queued - sent), 0);
                if (count <= 0)
                {
                    error = count < 0 ? ErrorOf(Marshal.GetLastPInvokeError()) : SocketError.NoBufferSpaceAvailable;
                    break;
                }
                sent += count;
            }
        }
        finally
        {
            for (var i = 0; i < queued; i++)
                _vectors[i].Length = SlotSize;
        }
        return sent;
    }

    private void Prepare(int index, int nameLength)
    {
        ref var header = ref _headers[index];
        header.Name = nameLength == 0 ? 0 : _pins[index].AddrOfPinnedObject();
        header.NameLength = (uint)nameLength;
        header.Vectors = Marshal.UnsafeAddrOfPinnedArrayElement(_vectors, index);
        header.VectorCount = 1;
        header.Control = 0;
        header.ControlLength = 0;
        header.Flags = 0;
        header.Length = 0;
    }

    private int ReceiveOne(out SocketError error)
    {
        error = SocketError.Success;
        try
        {
            _lengths[0] = _socket.ReceiveFrom(_buffer.AsSpan(0, SlotSize), SocketFlags.None, _addresses[0]);
            _truncated[0] = false;
            return 1;
        }
        catch (SocketException exception)
        {
            error = exception.SocketErrorCode;
            return 0;
        }
    }

    private int SendEach(int queued, out SocketError error)
    {
        error = SocketError.Success;
        for (var i = 0; i < queued; i++)
        {
            try
            {
                var datagram = _buffer.AsSpan(i * SlotSize, _lengths[i]);
                if (_addresses[i].Size == 0)
                    _socket.Send(datagram);
                else
                    _socket.SendTo(datagram, SocketFlags.None, _addresses[i]);
            }
            catch (SocketException exception)
            {
                error = exception.SocketErrorCode;
                return i;
            }
        }
        return queued;
    }

    /// <summary>The array behind a SocketAddress's buffer, so its sockaddr can be pinned for the kernel to fill.</summary>
    private static byte[] AddressArray(SocketAddress address) =>
        MemoryMarshal.TryGetArray<byte>(address.Buffer, out var segment) && segment.Offset == 0 && segment.Array is { } array
            ? array
            : throw new PlatformNotSupportedException("SocketAddress.Buffer is not an array");

    /// <summary>errno (Linux numbering) as the SocketError .NET reports for it.</summary>
    private static SocketError ErrorOf(int errno) => errno switch
    {
        11 => SocketError.WouldBlock, // EAGAIN: SO_RCVTIMEO passed with nothing received
        4 => SocketError.Interrupted,
        9 or 88 => SocketError.OperationAborted, // EBADF, ENOTSOCK: closed
        90 => SocketError.MessageSize,
        105 => SocketError.NoBufferSpaceAvailable,
        111 => SocketError.ConnectionRefused,
        _ => SocketError.SocketError,
    };

    // DllImport, not LibraryImport: every argument is blittable or a SafeHandle, so no generated marshalling (and no
    // unsafe code in this library) is needed.
    [DllImport("libc", EntryPoint = "recvmmsg", SetLastError = true)]
    private static extern int RecvMMsg(SafeSocketHandle socket, nint headers, uint count, int flags, nint timeout);

    [DllImport("libc", EntryPoint = "sendmmsg", SetLastError = true)]
    private static extern int SendMMsg(SafeSocketHandle socket, nint headers, uint count, int flags);

    public void Dispose()
    {
        foreach (var pin in _pins)
        {
            if (pin.IsAllocated)
                pin.Free();
        }
    }
}
