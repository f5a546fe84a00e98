using Cdf.Client.Diagnostics;
using Charging.GtpPrime.Codec;
using Charging.GtpPrime.Transport;
using Microsoft.Extensions.Logging;
using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;

namespace Cdf.Client.Transport;

/// <summary>
/// GTP' over TCP toward one CGF: no extra framing, messages back to back (docs/gtp-prime.md §6).
/// Connects on first use and again after a failure; while it is down, sends are dropped and T3/N3 decide.
/// <see cref="Send"/> only queues: each connection has its own send loop, so the delivery loop never waits on
/// the socket.
/// </summary>
/// <param name="logger">
/// When given, transport failures are logged here with their exception (<see cref="TransportLog"/>);
/// otherwise each is described to <paramref name="onError"/>.
/// </param>
internal sealed class TcpCgfConnection(IPEndPoint remote, Action<ReadOnlyMemory<byte>> onMessage, Action<string> onError, ILogger? logger = null)
    : IDisposable
{
    // A whole window of requests plus Echo fits; beyond that a request is lost like a datagram and T3 resends it.
    private const int MaxQueuedMessages = 4096;
    private static readonly TimeSpan ReconnectDelay = TimeSpan.FromMilliseconds(200);

    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _closing = new();
    // Guarded by _gate.
    private Connection? _connection;
    private Task? _connecting;

    /// <summary>One connected socket and the messages waiting for its send loop.</summary>
    private sealed class Connection(Socket socket)
    {
        public Socket Socket { get; } = socket;
        public Channel<OutgoingMessage> Outgoing { get; } = Channel.CreateBounded<OutgoingMessage>(
            new BoundedChannelOptions(MaxQueuedMessages) { SingleReader = true, FullMode = BoundedChannelFullMode.DropWrite });
    }

    /// <summary>A pooled copy of one message: <see cref="Buffer"/> goes back to the pool once sent or dropped.</summary>
    private readonly record struct OutgoingMessage(byte[] Buffer, int Length);

    /// <summary>Starts connecting now, so the first request does not wait for a retransmission.</summary>
    public void Connect()
    {
        lock (_gate)
        {
            if (_connection is null)
                _connecting ??= ConnectAsync();
        }
    }

    /// <summary>Queues one message for the send loop (one message per send call, NoDelay, so tshark decodes each: docs/gtp-prime.md §6).</summary>
    public void Send(ReadOnlySpan<byte> message)
    {
        Connection? connection;
        lock (_gate)
        {
            connection = _connection;
            if (connection is null)
            {
                _connecting ??= ConnectAsync();
                return;
            }
        }
        var buffer = ArrayPool<byte>.Shared.Rent(message.Length);
        message.CopyTo(buffer);
        if (connection.Outgoing.Writer.TryWrite(new OutgoingMessage(buffer, message.Length)))
            return;
        ArrayPool<byte>.Shared.Return(buffer);
        // Full, or the connection closed meanwhile (reported where it closed).
        if (logger is not null && ReferenceEquals(Volatile.Read(ref _connection), connection))
            TransportLog.TcpSendQueueFull(logger, remote);
    }

    private async Task ConnectAsync()
    {
        var socket = new Socket(remote.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(remote, _closing.Token).ConfigureAwait(false);
            var connection = new Connection(socket);
            lock (_gate)
            {
                _connection = connection;
                _connecting = null;
            }
            _ = SendLoopAsync(connection);
            _ = ReceiveLoopAsync(connection);
        }
        catch (Exception exception) when (exception is SocketException or OperationCanceledException)
        {
            socket.Dispose();
            if (logger is not null)
                TransportLog.TcpConnectFailed(logger, remote, exception);
            else
                onError($"tcp connect to {remote}: {exception.Message}");
            await Task.Delay(ReconnectDelay).ConfigureAwait(false);
            lock (_gate)
                _connecting = null;
        }
    }

    private async Task SendLoopAsync(Connection connection)
    {
        var outgoing = connection.Outgoing.Reader;
        try
        {
            while (await outgoing.WaitToReadAsync(_closing.Token).ConfigureAwait(false))
            {
                while (outgoing.TryRead(out var message))
                {
                    try
                    {
                        for (var sent = 0; sent < message.Length;)
                            sent += await connection.Socket.SendAsync(message.Buffer.AsMemory(sent, message.Length - sent), SocketFlags.None, _closing.Token)
                                .ConfigureAwait(false);
                    }
                    finally
                    {
                        ArrayPool<byte>.Shared.Return(message.Buffer);
                    }
                }
            }
        }
        catch (Exception exception) when (exception is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            Drop(connection, exception);
        }
        finally
        {
            // Messages left behind are lost with the connection; T3/N3 resend them.
            connection.Outgoing.Writer.TryComplete();
            while (outgoing.TryRead(out var message))
                ArrayPool<byte>.Shared.Return(message.Buffer);
        }
    }

    private async Task ReceiveLoopAsync(Connection connection)
    {
        var reader = PipeReader.Create(new NetworkStream(connection.Socket, ownsSocket: false));
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync(_closing.Token).ConfigureAwait(false);
                var buffer = result.Buffer;
                var frames = new SequenceReader<byte>(buffer);
                try
                {
                    if (!DeliverFrames(ref frames, out var error))
                    {
                        Unframeable(connection, error);
                        return;
                    }
                    if (result.IsCompleted)
                    {
                        ClosedByPeer(connection);
                        return;
                    }
                }
                finally
                {
                    reader.AdvanceTo(frames.Position, buffer.End);
                }
            }
        }
        catch (Exception exception) when (exception is SocketException or IOException or OperationCanceledException or ObjectDisposedException)
        {
            Drop(connection, exception);
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Hands every whole message to the callback and reads past it; false when the stream cannot be followed.</summary>
    private bool DeliverFrames(ref SequenceReader<byte> frames, out GtpDecodeError error)
    {
        while (true)
        {
            switch (GtpPrimeFrameReader.TryReadFrame(ref frames, out var frame, out error))
            {
                case GtpPrimeFrameStatus.NeedMoreData:
                    return true;
                case GtpPrimeFrameStatus.Malformed:
                    return false;
            }
            Deliver(frame);
        }
    }

    /// <summary>The callback sees the message only while it runs: the octets are the pipe's, or a pooled copy.</summary>
    private void Deliver(in ReadOnlySequence<byte> frame)
    {
        if (frame.IsSingleSegment)
        {
            onMessage(frame.First);
            return;
        }
        var length = (int)frame.Length;
        var copy = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            frame.CopyTo(copy);
            onMessage(copy.AsMemory(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(copy);
        }
    }

    private void Unframeable(Connection connection, GtpDecodeError error)
    {
        if (!Close(connection))
            return;
        if (logger is not null)
            TransportLog.TcpUnframeable(logger, remote, error.Status, error.Offset, error.Detail);
        else
            onError($"tcp to {remote}: not GTP' on the TCP stream ({error.Status})");
    }

    private void ClosedByPeer(Connection connection)
    {
        if (!Close(connection))
            return;
        if (logger is not null)
            TransportLog.TcpClosedByPeer(logger, remote);
        else
            onError($"tcp to {remote}: closed by the CGF");
    }

    private void Drop(Connection connection, Exception exception)
    {
        if (!Close(connection))
            return;
        if (logger is not null)
            TransportLog.TcpConnectionLost(logger, remote, exception);
        else
            onError($"tcp to {remote}: {exception.Message}");
    }

    /// <summary>Closes <paramref name="connection"/>; true when it was the current one and this is not a shutdown (so worth reporting).</summary>
    private bool Close(Connection connection)
    {
        bool current;
        lock (_gate)
        {
            current = ReferenceEquals(_connection, connection);
            if (current)
                _connection = null;
        }
        connection.Outgoing.Writer.TryComplete();
        connection.Socket.Dispose();
        return current && !_closing.IsCancellationRequested;
    }

    public void Dispose()
    {
        _closing.Cancel();
        Connection? connection;
        lock (_gate)
        {
            connection = _connection;
            _connection = null;
        }
        if (connection is not null)
        {
            connection.Outgoing.Writer.TryComplete();
            connection.Socket.Dispose();
        }
    }
}
