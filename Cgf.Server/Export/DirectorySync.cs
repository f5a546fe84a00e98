using System.Runtime.InteropServices;

namespace Cgf.Server.Export;

/// <summary>
/// fsync of a directory, so a rename in it survives a power loss (POSIX: the new directory entry is
/// durable only once the directory itself is synced). .NET has no API for it; on Linux this calls libc.
/// </summary>
internal static class DirectorySync
{
    private const int ReadOnly = 0;
    private const int Directory = 0x10000; // O_DIRECTORY on Linux.

    public static void Flush(string path)
    {
        if (!OperatingSystem.IsLinux())
            return;
        var fd = open(path, ReadOnly | Directory);
        if (fd < 0)
            throw new IOException($"cannot open directory '{path}' to sync it (errno {Marshal.GetLastPInvokeError()})");
        try
        {
            if (fsync(fd) != 0)
                throw new IOException($"cannot sync directory '{path}' (errno {Marshal.GetLastPInvokeError()})");
        }
        finally
        {
            _ = close(fd);
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", SetLastError = true)]
    private static extern int fsync(int fd);

    [DllImport("libc")]
    private static extern int close(int fd);
}
