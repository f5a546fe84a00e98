using System.Runtime.InteropServices;

namespace Gtp.Firewall.Inline;

/// <summary>
/// P/Invoke surface of libnetfilter_queue.so.1 (Debian <c>libnetfilter-queue1</c>, ≥ 1.0.0 for the batch verdict)
/// and the few libc calls the packet loop needs. Handles are opaque pointers.
/// </summary>
internal static unsafe partial class NetfilterQueueNative
{
    public const string Library = "libnetfilter_queue.so.1";
    private const string LibC = "libc";

    public const ushort AfInet = 2;
    public const ushort AfInet6 = 10;

    // linux/netfilter/nfnetlink_queue.h
    public const byte CopyPacket = 2;              // NFQNL_COPY_PACKET
    public const uint FlagFailOpen = 1;            // NFQA_CFG_F_FAIL_OPEN
    public const uint FlagGso = 4;                 // NFQA_CFG_F_GSO

    // linux/netfilter.h
    public const uint Drop = 0;                    // NF_DROP
    public const uint Accept = 1;                  // NF_ACCEPT

    // Sockets (asm-generic/socket.h, linux/netlink.h, linux/socket.h, errno.h)
    public const int SolSocket = 1;
    public const int SoRcvBuf = 8;
    public const int SoRcvBufForce = 33;
    public const int SoRcvTimeo = 20;
    public const int SolNetlink = 270;
    public const int NetlinkNoEnobufs = 5;
    public const int MsgWaitForOne = 0x10000;
    public const int EIntr = 4;
    public const int EAgain = 11;
    public const int ENoBufs = 105;

    [LibraryImport(Library, EntryPoint = "nfq_open", SetLastError = true)]
    public static partial nint Open();

    [LibraryImport(Library, EntryPoint = "nfq_close")]
    public static partial int Close(nint handle);

    [LibraryImport(Library, EntryPoint = "nfq_unbind_pf", SetLastError = true)]
    public static partial int UnbindProtocolFamily(nint handle, ushort family);

    [LibraryImport(Library, EntryPoint = "nfq_bind_pf", SetLastError = true)]
    public static partial int BindProtocolFamily(nint handle, ushort family);

    [LibraryImport(Library, EntryPoint = "nfq_create_queue", SetLastError = true)]
    public static partial nint CreateQueue(nint handle, ushort number, delegate* unmanaged<nint, nint, nint, nint, int> callback, nint data);

    [LibraryImport(Library, EntryPoint = "nfq_destroy_queue")]
    public static partial int DestroyQueue(nint queue);

    [LibraryImport(Library, EntryPoint = "nfq_set_mode", SetLastError = true)]
    public static partial int SetMode(nint queue, byte mode, uint range);

    [LibraryImport(Library, EntryPoint = "nfq_set_queue_maxlen", SetLastError = true)]
    public static partial int SetQueueMaxLength(nint queue, uint length);

    [LibraryImport(Library, EntryPoint = "nfq_set_queue_flags", SetLastError = true)]
    public static partial int SetQueueFlags(nint queue, uint mask, uint flags);

    [LibraryImport(Library, EntryPoint = "nfq_fd")]
    public static partial int FileDescriptor(nint handle);

    [LibraryImport(Library, EntryPoint = "nfq_handle_packet")]
    public static partial int HandlePacket(nint handle, byte* buffer, int length);

    [LibraryImport(Library, EntryPoint = "nfq_set_verdict", SetLastError = true)]
    public static partial int SetVerdict(nint queue, uint id, uint verdict, uint dataLength, byte* data);

    /// <summary>One verdict for every queued packet whose id is ≤ <paramref name="id"/> (NFQNL_MSG_VERDICT_BATCH).</summary>
    [LibraryImport(Library, EntryPoint = "nfq_set_verdict_batch", SetLastError = true)]
    public static partial int SetVerdictBatch(nint queue, uint id, uint verdict);

    /// <summary>Pointer to struct nfqnl_msg_packet_hdr { __be32 packet_id; __be16 hw_protocol; __u8 hook; }.</summary>
    [LibraryImport(Library, EntryPoint = "nfq_get_msg_packet_hdr")]
    public static partial nint GetPacketHeader(nint data);

    [LibraryImport(Library, EntryPoint = "nfq_get_payload")]
    public static partial int GetPayload(nint data, byte** payload);

    [LibraryImport(Library, EntryPoint = "nfq_get_indev")]
    public static partial uint GetInDevice(nint data);

    [LibraryImport(Library, EntryPoint = "nfq_get_outdev")]
    public static partial uint GetOutDevice(nint data);

    [LibraryImport(LibC, EntryPoint = "recv", SetLastError = true)]
    public static partial nint Receive(int fd, byte* buffer, nuint length, int flags);

    /// <summary>Several datagrams per system call; each queued packet is one netlink datagram.</summary>
    [LibraryImport(LibC, EntryPoint = "recvmmsg", SetLastError = true)]
    public static partial int ReceiveMultiple(int fd, MultiMessageHeader* messages, uint count, int flags, void* timeout);

    [LibraryImport(LibC, EntryPoint = "setsockopt", SetLastError = true)]
    public static partial int SetSocketOption(int fd, int level, int name, int* value, uint length);

    [LibraryImport(LibC, EntryPoint = "if_indextoname", SetLastError = true)]
    public static partial byte* InterfaceIndexToName(uint index, byte* name);

    [StructLayout(LayoutKind.Sequential)]
    public struct IoVector
    {
        public void* Base;
        public nuint Length;
    }

    /// <summary>struct mmsghdr (x86-64/arm64 layout): struct msghdr followed by the received length.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct MultiMessageHeader
    {
        public void* Name;
        public uint NameLength;
        public IoVector* Vectors;
        public nuint VectorCount;
        public void* Control;
        public nuint ControlLength;
        public int Flags;
        private int _padding; // struct msghdr is 56 octets on 64-bit Linux; msg_len follows it
        public uint Length;
    }
}
