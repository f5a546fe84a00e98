using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Cgf.Server.Tests.Infrastructure;

/// <summary>A CDF stand-in on a real TCP connection: writes raw octets, reads framed messages.</summary>
public sealed class TcpPeer : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;

    private TcpPeer(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
    }

    /// <param name="from">The local address to connect from (any of 127.0.0.0/8 on loopback); the system's choice when null.</param>
    /// <param name="receiveBuffer">A small SO_RCVBUF stands in for a peer that reads slowly or not at all.</param>
    public static async Task<TcpPeer> ConnectAsync(IPEndPoint to, IPAddress? from = null, int? receiveBuffer = null)
    {
        var socket = new Socket(to.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        if (receiveBuffer is { } size)
            socket.ReceiveBufferSize = size;
        if (from is not null)
            socket.Bind(new IPEndPoint(from, 0));
        await socket.ConnectAsync(to);
        return new TcpPeer(socket);
    }

    public Task WriteAsync(byte[] octets) => _stream.WriteAsync(octets).AsTask();

    /// <summary>Writes one octet per send, flushing each, so the server sees the message split at every position.</summary>
    public async Task WriteByteByByteAsync(byte[] octets)
    {
        foreach (var octet in octets)
        {
            await _stream.WriteAsync(new[] { octet });
            await Task.Delay(1);
        }
    }

    /// <summary>Reads one message (6- or 20-octet header, then Length octets); null on timeout or close.</summary>
    public async Task<byte[]?> ReadMessageAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            var header = new byte[6];
            await _stream.ReadExactlyAsync(header, cts.Token);
            var headerLength = (header[0] >> 5) == 0 && (header[0] & 1) == 0 ? 20 : 6;
            var length = BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(2));
            var message = new byte[headerLength + length];
            header.CopyTo(message, 0);
            await _stream.ReadExactlyAsync(message.AsMemory(6), cts.Token);
            return message;
        }
        catch (Exception exception) when (exception is OperationCanceledException or EndOfStreamException or IOException)
        {
            return null;
        }
    }

    public async Task<Gtpp.Parsed> RequestAsync(byte[] message, TimeSpan? timeout = null)
    {
        await WriteAsync(message);
        var response = await ReadMessageAsync(timeout ?? TimeSpan.FromSeconds(15));
        Assert.True(response is not null, "no response from the CGF");
        return Gtpp.Parse(response!);
    }

    /// <summary>True when the CGF closed the connection within <paramref name="timeout"/> (end of stream or reset), false when it is still open.</summary>
    public async Task<bool> ClosedByServerAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var buffer = new byte[4096];
        try
        {
            while (await _stream.ReadAsync(buffer, cts.Token) > 0)
            {
            }
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        catch (IOException)
        {
            return true;
        }
    }

    public async ValueTask DisposeAsync() => await _stream.DisposeAsync();
}
