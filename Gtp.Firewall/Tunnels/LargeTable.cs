using System.Runtime.InteropServices;

namespace Gtp.Firewall.Tunnels;

/// <summary>
/// Allocates the big tunnel-table arrays. Arrays of 4 MiB or more go on the pinned object heap and, on Linux, are
/// advised MADV_HUGEPAGE before first touch, so a million-tunnel table is mapped with 2 MiB pages and a random
/// lookup costs fewer TLB misses. Anything that fails simply leaves normal pages.
/// </summary>
internal static partial class LargeTable
{
    private const int MadvHugePage = 14; // Linux <asm-generic/mman-common.h>
    private const long HugePage = 2 * 1024 * 1024;
    private const long Threshold = 4 * 1024 * 1024;

    public static unsafe T[] Allocate<T>(int length) where T : unmanaged
    {
        var bytes = (long)length * sizeof(T);
        if (bytes < Threshold || !OperatingSystem.IsLinux())
        {
            return new T[length];
        }
        var array = GC.AllocateUninitializedArray<T>(length, pinned: true);
        fixed (T* p = array)
        {
            var start = ((long)p + HugePage - 1) & ~(HugePage - 1);
            var end = ((long)p + bytes) & ~(HugePage - 1);
            if (end > start)
            {
                try
                {
                    _ = Madvise((nint)start, (nuint)(end - start), MadvHugePage);
                }
                catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
                {
                    // No libc madvise: normal pages.
                }
            }
            new Span<T>(p, length).Clear();
        }
        return array;
    }

    [LibraryImport("libc", EntryPoint = "madvise")]
    private static partial int Madvise(nint address, nuint length, int advice);
}
