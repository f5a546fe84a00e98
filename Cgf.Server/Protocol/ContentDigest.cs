using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Cgf.Server.Protocol;

/// <summary>
/// The first 16 octets of SHA-256, the content hash of every Data Record Transfer Request, over pieces appended one
/// after another. On Linux straight from OpenSSL 3's SHA256_Init/Update/Final: through EVP (SHA256.HashData,
/// IncrementalHash) every call allocates or clears OpenSSL state, and a 400-octet CDR took 620 ns where the digest
/// itself takes 260 (docs/benchmarks.md). Where libcrypto.so.3 or those functions are missing, IncrementalHash; both
/// give the same digest (pinned by tests). Use as a local: start, append, finish.
/// </summary>
internal ref struct ContentDigest
{
    private static bool _native = OperatingSystem.IsLinux();

    /// <summary>One per thread, reused, where the OpenSSL functions are missing.</summary>
    [ThreadStatic]
    private static IncrementalHash? _fallback;

    private Context _context;
    private readonly bool _fromOpenSsl;

    // sizeof(SHA256_CTX) is 112 on LP64; room to spare.
    [InlineArray(128)]
    private struct Context
    {
        private byte _first;
    }

    private ContentDigest(bool fromOpenSsl) => _fromOpenSsl = fromOpenSsl;

    /// <summary>True while the digests come from SHA256_Init/Update/Final (Linux with libcrypto.so.3).</summary>
    internal static bool FromOpenSslDirectly => _native;

    /// <summary>The digest of <paramref name="data"/>.</summary>
    public static UInt128 Hash(ReadOnlySpan<byte> data)
    {
        var digest = Start();
        digest.Append(data);
        return digest.Finish();
    }

    public static ContentDigest Start()
    {
        if (_native)
        {
            var digest = new ContentDigest(fromOpenSsl: true);
            try
            {
                if (Native.Init(ref digest._context[0]) == 1)
                    return digest;
            }
            catch (Exception exception) when (exception is DllNotFoundException or EntryPointNotFoundException)
            {
                _native = false;
            }
        }
        return StartWithoutOpenSsl();
    }

    /// <summary>The digest through IncrementalHash, as where OpenSSL's functions are missing.</summary>
    internal static ContentDigest StartWithoutOpenSsl()
    {
        _fallback ??= IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        return new ContentDigest(fromOpenSsl: false);
    }

    public void Append(scoped ReadOnlySpan<byte> data)
    {
        if (!_fromOpenSsl)
            _fallback!.AppendData(data);
        // An empty piece has no first octet to point at; it adds nothing.
        else if (!data.IsEmpty && Native.Update(ref _context[0], in MemoryMarshal.GetReference(data), (nuint)data.Length) != 1)
            throw new CryptographicException("SHA256_Update failed");
    }

    public UInt128 Finish()
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        if (!_fromOpenSsl)
            _fallback!.GetHashAndReset(digest);
        else if (Native.Final(ref MemoryMarshal.GetReference(digest), ref _context[0]) != 1)
            throw new CryptographicException("SHA256_Final failed");
        return BinaryPrimitives.ReadUInt128BigEndian(digest);
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
