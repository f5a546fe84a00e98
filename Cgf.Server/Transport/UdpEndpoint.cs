using Cgf.Server.Configuration;
using Cgf.Server.Diagnostics;
using Cgf.Server.Protocol;
using Charging.GtpPrime.Transport;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using System.Net;
using System.Net.Sockets;

namespace Cgf.Server.Transport;

/// <summary>GTP' over UDP: one message per datagram (TS 32.295 §5.1.3).</summary>
public sealed class UdpEndpoint(
    IOptions<CgfOptions> options,
    GtpPrimeRequestHandler handler,
    PeerRegistry peers,
    CgfMetrics metrics,
    ILogger<UdpEndpoint> logger) : BackgroundService
{
    /// <summary>Datagrams taken per system call when that many are waiting (2 MiB of buffers per receive thread).</summary>
    private const int ReceiveBatch = 32;
    private const int MaxCachedSources = 4096;
    private static readonly TimeSpan ReceivePoll = TimeSpan.FromMilliseconds(250);
    private Socket? _socket;

    private sealed record Source(IPAddress Address, string Key, UdpReplyChannel Channel);

    public bool IsListening => _socket is not null;

    /// <summary>A channel from this CGF's GTP' port to <paramref name="endpoint"/>, so answers come back here.</summary>
    public IReplyChannel? CreateChannel(IPEndPoint endpoint) =>
        _socket is { } socket ? new UdpReplyChannel(socket, endpoint) : null;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.Listen.Udp)
            return Task.CompletedTask;
        // Bind here, not in ExecuteAsync: a port in use stops start-up with one clear error.
        _socket = ListenSocket.Create(options.Value.Listen, SocketType.Dgram, ProtocolType.Udp);
        _socket.ReceiveTimeout = (int)ReceivePoll.TotalMilliseconds;
        Log.Listening(logger, "udp", _socket.LocalEndPoint!);
        return base.StartAsync(cancellationToken);
    }

    /// <summary>
    /// Cgf:Listen:UdpReceivers dedicated threads each block on the one socket and take every datagram waiting at once
    /// (<see cref="DatagramBatch"/>): no thread-pool hop and no system call per datagram. The handler is thread-safe
    /// and never blocks on disk.
    /// </summary>
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var loops = Enumerable.Range(0, options.Value.Listen.UdpReceivers).Select(i =>
        {
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var thread = new Thread(() =>
            {
                try
                {
                    ReceiveLoop(stoppingToken);
                }
                finally
                {
                    done.TrySetResult();
                }
            })
            { Name = $"gtpp-udp-{i}", IsBackground = true };
            thread.Start();
            return done.Task;
        });
        return Task.WhenAll(loops.ToList());
    }

    private void ReceiveLoop(CancellationToken stoppingToken)
    {
        var socket = _socket!;
        using var batch = new DatagramBatch(socket, ReceiveBatch);
        var sources = new Dictionary<SocketAddress, Source>();
        while (!stoppingToken.IsCancellationRequested)
        {
            int count;
            try
            {
                count = batch.Receive(out var error);
                if (count == 0)
                {
                    if (error is SocketError.TimedOut or SocketError.WouldBlock or SocketError.Interrupted)
                        continue; // the receive timeout lets the loop see a stop request
                    if (error is SocketError.OperationAborted or SocketError.Shutdown or SocketError.NotSocket)
                        break; // socket closed at stop
                    metrics.Dropped("udp-receive-error");
                    continue;
                }
            }
            catch (ObjectDisposedException)
            {
                break; // socket closed at stop
            }

            for (var i = 0; i < count; i++)
            {
                if (batch.IsTruncated(i))
                {
                    metrics.Dropped("udp-receive-error");
                    continue;
                }
                try
                {
                    // Allowed is checked on every datagram: a reload may have removed the peer.
                    var source = Resolve(socket, batch.Address(i), sources);
                    if (source is null || !handler.IsAllowed(source.Address))
                        continue;
                    peers.Touch(source.Key, source.Address).LastUdpChannel = source.Channel;
                    handler.Handle(batch.Datagram(i), source.Address, source.Key, source.Channel);
                }
                catch (Exception exception)
                {
                    // Bad input never stops the server: the message is dropped and counted.
                    metrics.Dropped("handler-error");
                    Log.ReceiveFailed(logger, "udp", exception);
                }
            }
        }
    }

    /// <summary>
    /// The peer behind a source address, cached so a busy peer costs no allocation per datagram; null for a source not
    /// in Cgf:Peers (counted and logged by the handler), which is not cached: spoofed sources cannot push peers out.
    /// </summary>
    private Source? Resolve(Socket socket, SocketAddress received, Dictionary<SocketAddress, Source> sources)
    {
        if (sources.TryGetValue(received, out var source))
            return source;
        var any = socket.AddressFamily == AddressFamily.InterNetwork ? IPAddress.Any : IPAddress.IPv6Any;
        var endpoint = (IPEndPoint)new IPEndPoint(any, 0).Create(received);
        var (address, key) = ListenSocket.Peer(endpoint.Address);
        if (!handler.IsAllowed(address))
            return null;
        if (sources.Count >= MaxCachedSources)
            sources.Clear();
        source = new Source(address, key, new UdpReplyChannel(socket, received));
        var copy = new SocketAddress(received.Family, received.Size);
        received.Buffer.Span[..received.Size].CopyTo(copy.Buffer.Span);
        sources[copy] = source;
        return source;
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        _socket?.Dispose();
    }
}
