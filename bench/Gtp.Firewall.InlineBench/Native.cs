using System.Runtime.InteropServices;

namespace Gtp.Firewall.InlineBench;

/// <summary>libc calls: setns for sockets in other network namespaces, sendmmsg/recvmmsg for batched UDP I/O.</summary>
internal static unsafe partial class Native
{
    public const int CloneNewNet = 0x40000000;
    public const int MsgWaitForOne = 0x10000;
    public const int SolSocket = 1;
    public const int SoRcvBufForce = 33;
    public const int SoSndBufForce = 32;

    [LibraryImport("libc", EntryPoint = "setns", SetLastError = true)]
    public static partial int SetNamespace(int fd, int type);

    [LibraryImport("libc", EntryPoint = "sendmmsg", SetLastError = true)]
    public static partial int SendMultiple(int fd, MultiMessageHeader* messages, uint count, int flags);

    [LibraryImport("libc", EntryPoint = "recvmmsg", SetLastError = true)]
    public static partial int ReceiveMultiple(int fd, MultiMessageHeader* messages, uint count, int flags, void* timeout);

    [LibraryImport("libc", EntryPoint = "setsockopt", SetLastError = true)]
    public static partial int SetSocketOption(int fd, int level, int name, int* value, uint length);

    [StructLayout(LayoutKind.Sequential)]
    public struct IoVector
    {
        public void* Base;
        public nuint Length;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct MessageHeader
    {
        public void* Name;
        public uint NameLength;
        public IoVector* Vectors;
        public nuint VectorCount;
        public void* Control;
        public nuint ControlLength;
        public int Flags;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct MultiMessageHeader
    {
        public MessageHeader Header;
        public uint Length;
    }
}
