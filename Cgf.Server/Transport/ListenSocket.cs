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
                socket.ReceiveBufferSize = 8 * 1024 * 1024;
                socket.SendBufferSize = 4 * 1024 * 1024;
            }
            socket.Bind(new IPEndPoint(address, listen.Port));
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public static (IPAddress Address, string Key) Peer(IPAddress address)
    {
        var normalized = IpPrefix.Normalize(address);
        return (normalized, normalized.ToString());
    }
}
