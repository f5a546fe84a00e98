using System.Net;

namespace Cgf.Server.Tests.Infrastructure;

/// <summary>One CDF connection to a CGF over "udp" or "tcp", so each behaviour runs over both transports.</summary>
public sealed class PeerConnection : IAsyncDisposable
{
    private readonly UdpPeer? _udp;
    private readonly TcpPeer? _tcp;
    private readonly IPEndPoint _to;

    private PeerConnection(IPEndPoint to, UdpPeer? udp, TcpPeer? tcp)
    {
        _to = to;
        _udp = udp;
        _tcp = tcp;
    }

    public static async Task<PeerConnection> OpenAsync(string transport, IPEndPoint to) => transport switch
    {
        "udp" => new PeerConnection(to, new UdpPeer(to.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? IPAddress.IPv6Loopback : IPAddress.Loopback), null),
        "tcp" => new PeerConnection(to, null, await TcpPeer.ConnectAsync(to)),
        _ => throw new ArgumentOutOfRangeException(nameof(transport)),
    };

    public async Task SendAsync(byte[] message)
    {
        if (_udp is not null)
            _udp.Send(message, _to);
        else
            await _tcp!.WriteAsync(message);
    }

    public async Task<byte[]?> ReceiveAsync(TimeSpan timeout) =>
        _udp is not null ? await _udp.ReceiveAsync(timeout) : await _tcp!.ReadMessageAsync(timeout);

    public async Task<Gtpp.Parsed> RequestAsync(byte[] message)
    {
        await SendAsync(message);
        var response = await ReceiveAsync(TimeSpan.FromSeconds(15));
        Assert.True(response is not null, "no response from the CGF");
        return Gtpp.Parse(response!);
    }

    public TcpPeer Tcp => _tcp ?? throw new InvalidOperationException("not a TCP connection");

    public async ValueTask DisposeAsync()
    {
        _udp?.Dispose();
        if (_tcp is not null)
            await _tcp.DisposeAsync();
    }
}
