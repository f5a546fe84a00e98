using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Gtp.Firewall.InlineBench;

/// <summary>
/// Creates sockets inside a named network namespace (/var/run/netns/NAME): the calling thread enters it, the socket
/// is created (a socket belongs to the namespace it was created in), and the thread returns to its own namespace.
/// </summary>
internal static class NetworkNamespace
{
    public static Socket CreateUdpSocket(string name)
    {
        using var home = File.OpenHandle("/proc/thread-self/ns/net");
        using var target = File.OpenHandle($"/var/run/netns/{name}");
        Enter(target, name);
        try
        {
            return new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        }
        finally
        {
            Enter(home, "(own)");
        }
    }

    private static void Enter(Microsoft.Win32.SafeHandles.SafeFileHandle handle, string name)
    {
        if (Native.SetNamespace((int)handle.DangerousGetHandle(), Native.CloneNewNet) != 0)
        {
            throw new IOException($"setns {name}: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        }
    }
}
