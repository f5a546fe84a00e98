using System.Net;
using System.Net.Sockets;

namespace Cdf.Client.Tests.Infrastructure;

/// <summary>
/// A UDP relay between the CDF and a real CGF on loopback that can lose every response: the CGF commits
/// but the CDF never hears it, which is how a CGF "had the packet" before a failover.
/// </summary>
internal sealed class LossyUdpRelay : IDisposable
{
    private readonly Socket _front = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly Socket _back = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly IPEndPoint _server;
    private readonly CancellationTokenSource _stop = new();
    private EndPoint? _client;

    public LossyUdpRelay(int serverPort)
    {
        _server = new IPEndPoint(IPAddress.Loopback, serverPort);
        _front.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _back.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _ = ForwardRequestsAsync();
        _ = ForwardResponsesAsync();
    }

    public int Port => ((IPEndPoint)_front.LocalEndPoint!).Port;

    /// <summary>While true, nothing from the CGF reaches the CDF.</summary>
    public volatile bool DropResponses;

    private async Task ForwardRequestsAsync()
    {
        var buffer = new byte[65536];
        EndPoint any = new IPEndPoint(IPAddress.Any, 0);
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var result = await _front.ReceiveFromAsync(buffer, SocketFlags.None, any, _stop.Token);
                _client = result.RemoteEndPoint;
                await _back.SendToAsync(buffer.AsMemory(0, result.ReceivedBytes), SocketFlags.None, _server, _stop.Token);
            }
            catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                if (_stop.IsCancellationRequested)
                    return;
            }
        }
    }

    private async Task ForwardResponsesAsync()
    {
        var buffer = new byte[65536];
        EndPoint any = new IPEndPoint(IPAddress.Any, 0);
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var result = await _back.ReceiveFromAsync(buffer, SocketFlags.None, any, _stop.Token);
                if (!DropResponses && _client is { } client)
                    await _front.SendToAsync(buffer.AsMemory(0, result.ReceivedBytes), SocketFlags.None, client, _stop.Token);
            }
            catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                if (_stop.IsCancellationRequested)
                    return;
            }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _front.Dispose();
        _back.Dispose();
    }
}
