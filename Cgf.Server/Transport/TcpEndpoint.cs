using Cgf.Server.Configuration;
using Cgf.Server.Diagnostics;
using Cgf.Server.Protocol;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using System.Collections.Concurrent;
using System.Net.Sockets;

namespace Cgf.Server.Transport;

/// <summary>GTP' over TCP port 3386: every CGF supports the server side (TS 32.295 §5.1.4).</summary>
public sealed class TcpEndpoint(
    IOptions<CgfOptions> options,
    GtpPrimeRequestHandler handler,
    PeerRegistry peers,
    CgfMetrics metrics,
    TcpLimitCounters counters,
    RateLimitedLog log,
    ILogger<TcpEndpoint> logger) : BackgroundService
{
    private readonly TcpConnectionTable _table = new(options.Value.Limits.TcpConnectionsPerPeer, options.Value.Limits.TcpConnections);
    private Socket? _listener;
    private readonly ConcurrentDictionary<TcpConnection, Task> _connections = new();

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.Listen.Tcp)
            return Task.CompletedTask;
        _listener = ListenSocket.Create(options.Value.Listen, SocketType.Stream, ProtocolType.Tcp);
        _listener.Listen(512);
        Log.Listening(logger, "tcp", _listener.LocalEndPoint!);
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener!.AcceptAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            catch (ObjectDisposedException)
            {
                break;
            }
            catch (SocketException exception)
            {
                Log.ReceiveFailed(logger, "tcp-accept", exception);
                continue;
            }
            var connection = new TcpConnection(socket, handler, peers, _table, options.Value.Limits, metrics, counters, log, logger);
            _connections[connection] = Task.Run(async () =>
            {
                try
                {
                    await connection.RunAsync(stoppingToken).ConfigureAwait(false);
                }
                finally
                {
                    _connections.TryRemove(connection, out _);
                }
            }, CancellationToken.None);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        _listener?.Dispose();
        foreach (var connection in _connections.Keys)
            connection.Abort();
        await Task.WhenAll(_connections.Values).WaitAsync(cancellationToken).ConfigureAwait(false);
    }
}
