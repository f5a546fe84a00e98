using Charging.GtpPrime;
using Charging.GtpPrime.Codec;
using System.Buffers;
using System.Net;
using System.Net.Sockets;

namespace Cdf.Client.Transport;

/// <summary>
/// GTP' over TCP toward one CGF: no extra framing, messages back to back (reference gtp-prime.md §6).
/// Connects on first use and again after a failure; while it is down, sends are dropped and T3/N3 decide.
/// </summary>
internal sealed class TcpCgfConnection(IPEndPoint remote, Action<ReadOnlyMemory<byte>> onMessage, Action<string> onError) : IDisposable
{
    private const int MaxMessage = 65535 + GtpPrimeHeader.LongLength;
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _closing = new();
    private Socket? _socket;
    private Task? _connecting;

    /// <summary>Starts connecting now, so the first request does not wait for a retransmission.</summary>
    public void Connect()
    {
        lock (_gate)
        {
            if (_socket is null)
                _connecting ??= ConnectAsync();
        }
    }

    public void Send(ReadOnlySpan<byte> message)
    {
        Socket? socket;
        lock (_gate)
        {
            socket = _socket;
            if (socket is null)
            {
                _connecting ??= ConnectAsync();
                return;
            }
            try
            {
                // One message per send call (NoDelay), so tshark decodes each (reference §6).
                socket.Send(message);
            }
            catch (SocketException exception)
            {
                Drop(socket, exception.Message);
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }

    private async Task ConnectAsync()
    {
        var socket = new Socket(remote.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(remote, _closing.Token).ConfigureAwait(false);
            lock (_gate)
            {
                _socket = socket;
                _connecting = null;
            }
            _ = ReceiveAsync(socket);
        }
        catch (Exception exception) when (exception is SocketException or OperationCanceledException)
        {
            socket.Dispose();
            onError($"tcp connect to {remote}: {exception.Message}");
            await Task.Delay(TimeSpan.FromMilliseconds(200)).ConfigureAwait(false);
            lock (_gate)
                _connecting = null;
        }
    }

    private async Task ReceiveAsync(Socket socket)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(MaxMessage * 2);
        var filled = 0;
        try
        {
            while (!_closing.IsCancellationRequested)
            {
                var read = await socket.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None, _closing.Token).ConfigureAwait(false);
                if (read == 0)
                    break;
                filled += read;
                var consumed = 0;
                while (true)
                {
                    var status = GtpPrimeDecoder.TryGetMessageLength(buffer.AsSpan(consumed, filled - consumed), out var length, out _);
                    if (status == GtpDecodeStatus.NeedMoreData || (status == GtpDecodeStatus.Success && filled - consumed < length))
                        break;
                    if (status != GtpDecodeStatus.Success)
                        throw new InvalidDataException($"not GTP' on the TCP stream ({status})");
                    onMessage(buffer.AsMemory(consumed, length));
                    consumed += length;
                }
                Buffer.BlockCopy(buffer, consumed, buffer, 0, filled - consumed);
                filled -= consumed;
            }
            lock (_gate)
                Drop(socket, "closed by the CGF");
        }
        catch (Exception exception) when (exception is SocketException or OperationCanceledException or InvalidDataException or ObjectDisposedException)
        {
            lock (_gate)
                Drop(socket, exception.Message);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void Drop(Socket socket, string reason)
    {
        if (ReferenceEquals(_socket, socket))
        {
            _socket = null;
            if (!_closing.IsCancellationRequested)
                onError($"tcp to {remote}: {reason}");
        }
        socket.Dispose();
    }

    public void Dispose()
    {
        _closing.Cancel();
        lock (_gate)
        {
            _socket?.Dispose();
            _socket = null;
        }
    }
}
