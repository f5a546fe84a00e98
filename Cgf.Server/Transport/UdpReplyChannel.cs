using Cgf.Server.Protocol;
using System.Net;
using System.Net.Sockets;

namespace Cgf.Server.Transport;

/// <summary>Answers a UDP peer at the address its request came from (TS 32.295 §5.1.3: responses go to the source port).</summary>
public sealed class UdpReplyChannel : IReplyChannel, IEquatable<UdpReplyChannel>
{
    private readonly Socket _socket;
    private readonly SocketAddress _address;

    public UdpReplyChannel(Socket socket, SocketAddress address)
    {
        _socket = socket;
        _address = new SocketAddress(address.Family, address.Size);
        address.Buffer.Span[..address.Size].CopyTo(_address.Buffer.Span);
    }

    public UdpReplyChannel(Socket socket, IPEndPoint endpoint)
        : this(socket, ToSocketAddress(socket, endpoint))
    {
    }

    public string Transport => "udp";

    public void Send(ReadOnlySpan<byte> message)
    {
        try
        {
            _socket.SendTo(message, SocketFlags.None, _address);
        }
        catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
        {
            // A lost datagram: the peer retransmits (GTP' over UDP relies on T3/N3).
        }
    }

    public bool Equals(UdpReplyChannel? other) =>
        other is not null && ReferenceEquals(_socket, other._socket) && _address.Equals(other._address);

    public override bool Equals(object? obj) => Equals(obj as UdpReplyChannel);

    public override int GetHashCode() => _address.GetHashCode();

    private static SocketAddress ToSocketAddress(Socket socket, IPEndPoint endpoint)
    {
        if (socket.AddressFamily == AddressFamily.InterNetworkV6 && endpoint.AddressFamily == AddressFamily.InterNetwork)
            endpoint = new IPEndPoint(endpoint.Address.MapToIPv6(), endpoint.Port);
        return endpoint.Serialize();
    }
}
