using System.Net;
using System.Net.Sockets;

namespace Cgf.Server.Tests.Infrastructure;

/// <summary>A CDF stand-in on a real UDP socket: sends raw octets and reads what comes back.</summary>
public sealed class UdpPeer : IDisposable
{
    private readonly Socket _socket;

    public UdpPeer(IPAddress? bind = null, int port = 0)
    {
        bind ??= IPAddress.Loopback;
        _socket = new Socket(bind.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        _socket.Bind(new IPEndPoint(bind, port));
    }

    public IPEndPoint LocalEndPoint => (IPEndPoint)_socket.LocalEndPoint!;

    public void Send(byte[] message, IPEndPoint to) => _socket.SendTo(message, to);

    public async Task<byte[]?> ReceiveAsync(TimeSpan timeout) => (await ReceiveFromAsync(timeout))?.Message;

    public async Task<(byte[] Message, IPEndPoint From)?> ReceiveFromAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var buffer = new byte[65536];
        try
        {
            var result = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(_socket.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0), cts.Token);
            return (buffer.AsSpan(0, result.ReceivedBytes).ToArray(), (IPEndPoint)result.RemoteEndPoint);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>Sends and waits for the next datagram; fails the test when none comes.</summary>
    public async Task<Gtpp.Parsed> RequestAsync(byte[] message, IPEndPoint to, TimeSpan? timeout = null)
    {
        Send(message, to);
        var response = await ReceiveAsync(timeout ?? TimeSpan.FromSeconds(15));
        Assert.True(response is not null, "no response from the CGF");
        return Gtpp.Parse(response!);
    }

    public void Dispose() => _socket.Dispose();
}
