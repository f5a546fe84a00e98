using Cgf.Server.Configuration;
using System.Net;
using System.Net.Sockets;

namespace Cgf.Server.Transport;

/// <summary>Creates the listening sockets: <c>::</c> gives one dual-mode socket for IPv4 and IPv6.</summary>
internal static class ListenSocket
{
    public static Socket Create(ListenOptions listen, SocketType type, ProtocolType protocol)
    {
        var address = IPAddress.Parse(listen.Address);
        var socket = new Socket(address.AddressFamily, type, protocol);
        try
        {
            if (address.AddressFamily == AddressFamily.InterNetworkV6 && address.Equals(IPAddress.IPv6Any))
                socket.DualMode = true;
            if (type == SocketType.Stream)
                socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            else
            {
                // Bursts of small datagrams from many CDFs: a larger kernel buffer avoids drops before we read.
                socket.ReceiveBufferSize = UdpReceiveBuffer;
                socket.SendBufferSize = 4 * 1024 * 1024;
                ForceReceiveBuffer(socket);
            }
            socket.Bind(new IPEndPoint(address, listen.Port));
            return socket;
        }
        catch (SocketException exception)
        {
            socket.Dispose();
            // The socket's message ("Address already in use") does not say which address and protocol.
            throw new IOException($"cannot listen on {(protocol == ProtocolType.Udp ? "udp" : "tcp")} {new IPEndPoint(address, listen.Port)} " +
                $"(Cgf:Listen:Address, Cgf:Listen:Port): {exception.Message}", exception);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private const int UdpReceiveBuffer = 8 * 1024 * 1024;
    private const int SolSocket = 1;
    private const int SoRcvBufForce = 33;

    /// <summary>
    /// Linux caps SO_RCVBUF at net.core.rmem_max (often 208 KiB, a few hundred datagrams);
    /// SO_RCVBUFFORCE lifts the cap when the process has CAP_NET_ADMIN. Without it the sysctl applies.
    /// </summary>
    private static void ForceReceiveBuffer(Socket socket)
    {
        if (!OperatingSystem.IsLinux())
            return;
        try
        {
            socket.SetRawSocketOption(SolSocket, SoRcvBufForce, BitConverter.GetBytes(UdpReceiveBuffer));
        }
        catch (SocketException)
        {
            // Not privileged: keep what SO_RCVBUF gave.
        }
    }

    public static (IPAddress Address, string Key) Peer(IPAddress address)
    {
        var normalized = PeerNetwork.Normalize(address);
        return (normalized, normalized.ToString());
    }
}
