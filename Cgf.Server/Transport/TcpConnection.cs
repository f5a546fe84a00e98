using Cgf.Server.Configuration;
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
/// written by a send loop, so the writer thread never waits on a slow peer. What the peer can hold is
/// bounded by Cgf:Limits (docs/cgf-design.md, "Limits").
/// </summary>
public sealed class TcpConnection : IReplyChannel
{
    private const int MaxQueuedResponses = 65536;
    /// <summary>Time the queued responses of a connection closing normally get to reach the peer.</summary>
    private static readonly TimeSpan SendGrace = TimeSpan.FromSeconds(1);

    private readonly Socket _socket;
    private readonly IPAddress _address;
    private readonly string _peer;
    private readonly GtpPrimeRequestHandler _handler;
    private readonly PeerRegistry _peers;
    private readonly TcpConnectionTable _table;
    private readonly LimitsOptions _limits;
    private readonly CgfMetrics _metrics;
    private readonly TcpLimitCounters _counters;
    private readonly RateLimitedLog _log;
    private readonly ILogger _logger;
    private readonly Channel<byte[]> _outgoing =
        Channel.CreateBounded<byte[]>(new BoundedChannelOptions(MaxQueuedResponses) { SingleReader = true, FullMode = BoundedChannelFullMode.DropWrite });
    // Cancels the receive loop when the send side closes the connection, and the send loop when the connection closes.
    private readonly CancellationTokenSource _closing = new();
    private readonly CancellationTokenSource _sendAbort = new();
    private long _queuedOctets;
    private volatile bool _closed;
    private int _closingForDrops;

    public TcpConnection(Socket socket, GtpPrimeRequestHandler handler, PeerRegistry peers, TcpConnectionTable table, LimitsOptions limits,
        CgfMetrics metrics, TcpLimitCounters counters, RateLimitedLog log, ILogger logger)
    {
        _socket = socket;
        (_address, _peer) = ListenSocket.Peer(((IPEndPoint)socket.RemoteEndPoint!).Address);
        _handler = handler;
        _peers = peers;
        _table = table;
        _limits = limits;
        _metrics = metrics;
        _counters = counters;
        _log = log;
        _logger = logger;
    }

    public string Transport => "tcp";

    /// <summary>
    /// Queues a response. A peer that does not read cannot make the queue grow past Cgf:Limits:TcpQueuedResponseOctets:
    /// the response is dropped, counted and logged, and the connection closed (the peer retransmits on a new one).
    /// </summary>
    public void Send(ReadOnlySpan<byte> message)
    {
        if (_closed)
        {
            // Answered after the connection closed (a commit finishing late): nobody to send to; the peer retransmits.
            _metrics.Dropped("tcp-connection-closed");
            return;
        }
        if (Interlocked.Add(ref _queuedOctets, message.Length) <= _limits.TcpQueuedResponseOctets && _outgoing.Writer.TryWrite(message.ToArray()))
            return;
        Interlocked.Add(ref _queuedOctets, -message.Length);
        _metrics.Dropped("tcp-send-queue-full");
        _counters.ResponseDropped();
        if (_log.ShouldLog(_logger, _address, PeerLogKind.ResponseDropped, out var suppressed))
            LimitsLog.ResponseDropped(_logger, _peer, suppressed);
        // Asynchronously: Send runs on the storage writer's thread, which must not run the connection's close.
        if (Interlocked.Exchange(ref _closingForDrops, 1) == 0)
            _ = _closing.CancelAsync();
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var remote = _socket.RemoteEndPoint;
        if (!_handler.IsAllowed(_address))
        {
            _socket.Dispose();
            return;
        }
        var admission = _table.TryAdmit(_peer);
        if (admission != TcpAdmission.Admitted)
        {
            Refuse(remote, admission);
            return;
        }
        _counters.Opened();
        try
        {
            await ServeAsync(remote, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _counters.Closed();
            _table.Release(_peer);
        }
    }

    private void Refuse(EndPoint? remote, TcpAdmission admission)
    {
        // Counted before the close: whoever sees the connection closed finds it counted.
        _counters.Refused(admission);
        _socket.Dispose();
        if (_log.ShouldLog(_logger, _address, PeerLogKind.TcpRefused, out var suppressed))
        {
            var reason = admission == TcpAdmission.PeerLimit
                ? $"{_limits.TcpConnectionsPerPeer} connections from {_peer} open (Cgf:Limits:TcpConnectionsPerPeer)"
                : $"{_limits.TcpConnections} connections open (Cgf:Limits:TcpConnections)";
            LimitsLog.TcpRefused(_logger, remote, reason, suppressed);
        }
    }

    private async Task ServeAsync(EndPoint? remote, CancellationToken cancellationToken)
    {
        string? reason = "peer closed";
        TcpLimit? limit = null;
        Exception? failure = null;
        _socket.NoDelay = true;
        _peers.SetTcp(_peer, _address, this);
        await using var stream = new NetworkStream(_socket, ownsSocket: true);
        var sending = SendLoopAsync(stream, _sendAbort.Token);
        using var receiving = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _closing.Token);
        try
        {
            (reason, limit) = await ReceiveLoopAsync(PipeReader.Create(stream), receiving, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_closing.IsCancellationRequested)
        {
            (reason, limit) = ($"does not read its responses: more than {_limits.TcpQueuedResponseOctets} octets queued (Cgf:Limits:TcpQueuedResponseOctets)",
                TcpLimit.ResponsesDropped);
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
            _closed = true;
            _outgoing.Writer.TryComplete();
            // A peer past a limit gets nothing more; otherwise its queued responses get a moment to leave.
            if (limit is not null || await Task.WhenAny(sending, Task.Delay(SendGrace, CancellationToken.None)).ConfigureAwait(false) != sending)
                await _sendAbort.CancelAsync().ConfigureAwait(false);
            await sending.ConfigureAwait(false);
            if (failure is not null)
                Log.TcpFailed(_logger, remote, failure);
            else if (limit is { } broken)
                ClosedByLimit(remote, broken, reason!);
            else
                Log.TcpClosed(_logger, remote, reason!);
        }
    }

    private void ClosedByLimit(EndPoint? remote, TcpLimit limit, string reason)
    {
        _counters.ClosedBy(limit);
        if (_log.ShouldLog(_logger, _address, PeerLogKind.TcpClosedByLimit, out var suppressed))
            LimitsLog.TcpClosedByLimit(_logger, remote, reason, suppressed);
    }

    /// <summary>Reads and handles messages until the peer closes, breaks the stream, or a limit closes the connection.</summary>
    private async Task<(string Reason, TcpLimit? Limit)> ReceiveLoopAsync(PipeReader reader, CancellationTokenSource receiving, CancellationToken stopping)
    {
        var lastReceivedMs = Environment.TickCount64;
        long? partialSinceMs = null;
        try
        {
            while (true)
            {
                var deadline = TcpInputDeadline.Next(lastReceivedMs, partialSinceMs, _limits.TcpIdleTimeout, _limits.TcpIncompleteFrameTimeout);
                var remaining = deadline.AtMs - Environment.TickCount64;
                if (remaining <= 0)
                    return TimedOut(deadline.Limit);
                receiving.CancelAfter(TimeSpan.FromMilliseconds(remaining));
                ReadResult result;
                try
                {
                    result = await reader.ReadAsync(receiving.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!stopping.IsCancellationRequested && !_closing.IsCancellationRequested)
                {
                    return TimedOut(deadline.Limit);
                }
                lastReceivedMs = Environment.TickCount64;
                var buffer = result.Buffer;
                var frames = new SequenceReader<byte>(buffer);
                try
                {
                    var (problem, limit, handled) = ProcessFrames(ref frames);
                    if (problem is not null)
                        return (problem, limit);
                    if (result.IsCompleted)
                        return (frames.End ? "peer closed" : $"peer closed mid-message ({frames.Remaining} octets pending)", null);
                    // The incomplete-message clock starts with the message's first octet, not with the latest one.
                    if (frames.End)
                        partialSinceMs = null;
                    else if (handled > 0 || partialSinceMs is null)
                        partialSinceMs = lastReceivedMs;
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

    private (string, TcpLimit?) TimedOut(TcpLimit limit) => limit == TcpLimit.IncompleteFrame
        ? ($"incomplete message held for {_limits.TcpIncompleteFrameTimeout} (Cgf:Limits:TcpIncompleteFrameTimeout)", limit)
        : ($"nothing received for {_limits.TcpIdleTimeout} (Cgf:Limits:TcpIdleTimeout)", limit);

    /// <summary>
    /// Handles every whole message in <paramref name="frames"/> and reads past them; a reason (and the limit, if one)
    /// when the stream cannot be followed or must not be.
    /// </summary>
    private (string? Problem, TcpLimit? Limit, int Handled) ProcessFrames(ref SequenceReader<byte> frames)
    {
        var handled = 0;
        while (true)
        {
            // The cap on a message is the cap on what an incomplete one holds (at most one is ever buffered).
            switch (GtpPrimeFrameReader.TryReadFrame(ref frames, out var frame, out var error, _limits.TcpBufferedOctets))
            {
                case GtpPrimeFrameStatus.NeedMoreData:
                    return (null, null, handled);
                case GtpPrimeFrameStatus.Malformed when error.Status == GtpDecodeStatus.InvalidLength:
                    _metrics.Dropped("tcp-frame-too-large");
                    return ($"{error.Detail} (Cgf:Limits:TcpBufferedOctets)", TcpLimit.FrameTooLarge, handled);
                case GtpPrimeFrameStatus.Malformed:
                    // A byte stream cannot be resynchronised after a bad header: answer what can be answered, then close.
                    if (error.Status == GtpDecodeStatus.VersionNotSupported)
                        this.Send(GtpPrimeHeaderForm.V2, error.Header?.SequenceNumber ?? 0, new VersionNotSupported());
                    _metrics.Dropped("tcp-framing");
                    return ($"unframeable input: {error}", null, handled);
            }
            Handle(frame);
            handled++;
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

    private async Task SendLoopAsync(NetworkStream stream, CancellationToken abort)
    {
        try
        {
            await foreach (var message in _outgoing.Reader.ReadAllAsync(abort).ConfigureAwait(false))
            {
                await stream.WriteAsync(message, abort).ConfigureAwait(false);
                Interlocked.Add(ref _queuedOctets, -message.Length);
            }
        }
        catch (Exception exception) when (exception is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // The receive side sees the same failure and closes the connection; or the connection is closing.
        }
    }

    public void Abort() => _socket.Dispose();
}
