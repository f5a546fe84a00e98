using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Cgf.Server.Protocol;

/// <summary>
/// The first 16 octets of SHA-256, the content hash of every Data Record Transfer Request. On Linux straight from
/// OpenSSL 3's SHA256_Init/Update/Final: SHA256.HashData goes through EVP (a context allocated and freed, the error
/// queue cleared) and took 620 ns for a 400-octet CDR where the digest itself takes 260 (docs/benchmarks.md). Where
/// libcrypto.so.3 or those functions are missing, SHA256.HashData; both give the same digest (pinned by tests).
/// </summary>
internal static class ContentDigest
{
    // sizeof(SHA256_CTX) is 112 on LP64; room to spare.
    private const int ContextSize = 128;
    private static bool _native = OperatingSystem.IsLinux();

    /// <summary>True while the digests come from SHA256_Init/Update/Final (Linux with libcrypto.so.3).</summary>
    internal static bool FromOpenSslDirectly => _native;

    public static UInt128 Hash(ReadOnlySpan<byte> data)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        if (!_native || !TryNative(data, digest))
            SHA256.HashData(data, digest);
        return BinaryPrimitives.ReadUInt128BigEndian(digest);
    }

    private static bool TryNative(ReadOnlySpan<byte> data, Span<byte> digest)
    {
        Span<byte> context = stackalloc byte[ContextSize];
        try
        {
            // Each returns 1 on success; an empty input has no first octet to point at, so nothing is added.
            return Native.Init(ref MemoryMarshal.GetReference(context)) == 1
                && (data.IsEmpty || Native.Update(ref MemoryMarshal.GetReference(context), in MemoryMarshal.GetReference(data), (nuint)data.Length) == 1)
                && Native.Final(ref MemoryMarshal.GetReference(digest), ref MemoryMarshal.GetReference(context)) == 1;
        }
        catch (Exception exception) when (exception is DllNotFoundException or EntryPointNotFoundException)
        {
            _native = false;
            return false;
        }
    }

    private static class Native
    {
        private const string Library = "libcrypto.so.3";

        [DllImport(Library, EntryPoint = "SHA256_Init")]
        public static extern int Init(ref byte context);

        [DllImport(Library, EntryPoint = "SHA256_Update")]
        public static extern int Update(ref byte context, in byte data, nuint length);

        [DllImport(Library, EntryPoint = "SHA256_Final")]
        public static extern int Final(ref byte digest, ref byte context);
    }
}
