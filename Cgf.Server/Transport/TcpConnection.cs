using Cgf.Server.Diagnostics;
using Cgf.Server.Protocol;
using Charging.GtpPrime;
using Charging.GtpPrime.Codec;
using Charging.GtpPrime.Messages;
using Charging.GtpPrime.Transport;
using Microsoft.Extensions.Logging;
using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;

namespace Cgf.Server.Transport;

/// <summary>
/// One GTP' TCP connection. There is no extra framing: messages follow each other, each header
/// giving its length (TS 32.295 §5.1.4), split anywhere across reads. Responses are queued and
/// written by a send loop, so the writer thread never waits on a slow peer.
/// </summary>
public sealed class TcpConnection : IReplyChannel
{
    private const int MaxQueuedResponses = 65536;

    private readonly Socket _socket;
    private readonly IPAddress _address;
    private readonly string _peer;
    private readonly GtpPrimeRequestHandler _handler;
    private readonly PeerRegistry _peers;
    private readonly CgfMetrics _metrics;
    private readonly ILogger _logger;
    private readonly Channel<byte[]> _outgoing =
        Channel.CreateBounded<byte[]>(new BoundedChannelOptions(MaxQueuedResponses) { SingleReader = true, FullMode = BoundedChannelFullMode.DropWrite });

    public TcpConnection(Socket socket, GtpPrimeRequestHandler handler, PeerRegistry peers, CgfMetrics metrics, ILogger logger)
    {
        _socket = socket;
        (_address, _peer) = ListenSocket.Peer(((IPEndPoint)socket.RemoteEndPoint!).Address);
        _handler = handler;
        _peers = peers;
        _metrics = metrics;
        _logger = logger;
    }

    public string Transport => "tcp";

    public void Send(ReadOnlySpan<byte> message)
    {
        if (!_outgoing.Writer.TryWrite(message.ToArray()))
            _metrics.Dropped("tcp-send-queue-full");
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var remote = _socket.RemoteEndPoint;
        string? reason = "peer closed";
        Exception? failure = null;
        if (!_handler.IsAllowed(_address))
        {
            _socket.Dispose();
            return;
        }
        _socket.NoDelay = true;
        _peers.SetTcp(_peer, _address, this);
        await using var stream = new NetworkStream(_socket, ownsSocket: true);
        var sending = SendLoopAsync(stream);
        try
        {
            reason = await ReceiveLoopAsync(PipeReader.Create(stream), cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            reason = "server stopping";
        }
        catch (Exception exception) when (exception is IOException or SocketException or ObjectDisposedException)
        {
            reason = null;
            failure = exception;
        }
        finally
        {
            _peers.ClearTcp(_peer, this);
            _outgoing.Writer.TryComplete();
            await sending.ConfigureAwait(false);
            if (failure is not null)
                Log.TcpFailed(_logger, remote, failure);
            else
                Log.TcpClosed(_logger, remote, reason!);
        }
    }

    private async Task<string> ReceiveLoopAsync(PipeReader reader, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                var buffer = result.Buffer;
                var frames = new SequenceReader<byte>(buffer);
                try
                {
                    var problem = ProcessFrames(ref frames);
                    if (problem is not null)
                        return problem;
                    if (result.IsCompleted)
                        return frames.End ? "peer closed" : $"peer closed mid-message ({frames.Remaining} octets pending)";
                }
                finally
                {
                    reader.AdvanceTo(frames.Position, buffer.End);
                }
            }
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Handles every whole message in <paramref name="frames"/> and reads past them; a reason when the stream cannot be followed.</summary>
    private string? ProcessFrames(ref SequenceReader<byte> frames)
    {
        while (true)
        {
            switch (GtpPrimeFrameReader.TryReadFrame(ref frames, out var frame, out var error))
            {
                case GtpPrimeFrameStatus.NeedMoreData:
                    return null;
                case GtpPrimeFrameStatus.Malformed:
                    // A byte stream cannot be resynchronised after a bad header: answer what can be answered, then close.
                    if (error.Status == GtpDecodeStatus.VersionNotSupported)
                        this.Send(GtpPrimeHeaderForm.V2, error.Header?.SequenceNumber ?? 0, new VersionNotSupported());
                    _metrics.Dropped("tcp-framing");
                    return $"unframeable input: {error}";
            }
            Handle(frame);
        }
    }

    private void Handle(in ReadOnlySequence<byte> frame)
    {
        if (frame.IsSingleSegment)
        {
            _handler.Handle(frame.First, _address, _peer, this);
            return;
        }
        var length = (int)frame.Length;
        var copy = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            frame.CopyTo(copy);
            _handler.Handle(copy.AsMemory(0, length), _address, _peer, this);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(copy);
        }
    }

    private async Task SendLoopAsync(NetworkStream stream)
    {
        try
        {
            await foreach (var message in _outgoing.Reader.ReadAllAsync().ConfigureAwait(false))
            {
                await stream.WriteAsync(message).ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (exception is IOException or SocketException or ObjectDisposedException)
        {
            // The receive side sees the same failure and closes the connection.
        }
    }

    public void Abort() => _socket.Dispose();
}
