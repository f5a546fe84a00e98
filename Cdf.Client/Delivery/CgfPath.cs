using Cdf.Client.Configuration;
using Cdf.Client.Diagnostics;
using Cdf.Client.Protocol;
using Cdf.Client.Transport;
using Charging.GtpPrime;
using Charging.GtpPrime.Codec;
using Charging.GtpPrime.Messages;
using Charging.GtpPrime.Transport;
using Microsoft.Extensions.Logging;
using Polly;
using System.Net;
using System.Net.Sockets;

namespace Cdf.Client.Delivery;

/// <summary>
/// One CGF path: ONE UDP socket bound to the configured local address/port (responses come back to it,
/// and the CGF's own requests arrive on it), an optional TCP connection for data, the response
/// dispatcher, and the T3/N3 retransmission pipeline (Polly: N3 attempts of T3 each) for Echo, test packets,
/// Release and Cancel. Data Record Transfer Requests are timed by the delivery loop itself (see
/// <see cref="CdfClient"/>): at tens of thousands a second a task, a Polly context and a timer per request cost
/// more CPU than the loop's own work. Sequence numbers and state are the delivery loop's (<see cref="PathDeliveryState"/>).
/// </summary>
public sealed class CgfPath : IDisposable
{
    private const int MaxDatagram = 65536;
    private readonly Socket _udp;
    private readonly TcpCgfConnection? _tcp;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _closing = new();
    private Func<CgfPath, GtpPrimeFrame, IPEndPoint, GtpPrimeMessage?>? _onRequest;
    private Action<CgfPath, GtpPrimeMessage, IReadOnlyList<ushort>, long>? _onResponse;
    private Thread? _receiver;
    // The CGF's address serialised once: SendTo with an EndPoint serialises it again for every datagram.
    private readonly SocketAddress _remoteAddress;

    internal CgfPath(CgfEndpointOptions endpoint, CdfOptions options, int priority, ILogger logger)
    {
        Endpoint = endpoint;
        Name = endpoint.PathName;
        Priority = priority;
        _logger = logger;
        var addresses = IPAddress.TryParse(endpoint.Host, out var literal) ? [literal] : Dns.GetHostAddresses(endpoint.Host);
        var address = addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses[0];
        Remote = new IPEndPoint(address, endpoint.Port);
        _remoteAddress = Remote.Serialize();
        var local = string.IsNullOrEmpty(endpoint.LocalAddress)
            ? (address.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any)
            : IPAddress.Parse(endpoint.LocalAddress);
        // A whole window of responses may arrive in a burst.
        // The receive timeout only lets the receive thread see a close.
        _udp = new Socket(local.AddressFamily, SocketType.Dgram, ProtocolType.Udp) { ReceiveBufferSize = 4 * 1024 * 1024, ReceiveTimeout = 500 };
        try
        {
            _udp.Bind(new IPEndPoint(local, endpoint.LocalPort));
        }
        catch
        {
            _udp.Dispose();
            throw;
        }
        if (endpoint.Tcp)
            _tcp = new TcpCgfConnection(Remote, m => OnMessage(m, Remote), e => Log.TransportProblem(_logger, Name, e), _logger);
        Pipeline = new RetransmissionPolicy(options.T3, options.N3).CreatePipeline<GtpPrimeMessage>();
    }

    public CgfEndpointOptions Endpoint { get; }
    public string Name { get; }
    public IPEndPoint Remote { get; }
    public IPEndPoint LocalEndPoint => (IPEndPoint)_udp.LocalEndPoint!;
    public int Priority { get; }
    public GtpPrimeDispatcher Dispatcher { get; } = new();
    public ResiliencePipeline<GtpPrimeMessage> Pipeline { get; }

    /// <summary>Whether new traffic may go to this CGF (decided by the delivery loop).</summary>
    public CgfPathState State => Delivery.State;

    /// <summary>The delivery loop's state of this path: sequence numbers, requests in flight, liveness. Only the loop touches it.</summary>
    internal PathDeliveryState Delivery { get; } = new();

    /// <summary>
    /// Starts receiving; <paramref name="onRequest"/> answers the CGF's requests (Echo, Node Alive, Redirection),
    /// <paramref name="onResponse"/> gets the responses no dispatcher waiter took, with the numbers they answer
    /// and their arrival time (Stopwatch ticks).
    /// </summary>
    internal void Start(Func<CgfPath, GtpPrimeFrame, IPEndPoint, GtpPrimeMessage?> onRequest, Action<CgfPath, GtpPrimeMessage, IReadOnlyList<ushort>, long> onResponse)
    {
        _onRequest = onRequest;
        _onResponse = onResponse;
        // A dedicated thread: a blocking receive per datagram, no thread-pool hop per response.
        _receiver = new Thread(ReceiveUdp) { IsBackground = true, Name = $"cdf-recv {Name}" };
        _receiver.Start();
        _tcp?.Connect();
    }

    /// <summary>Sends one encoded message (TCP if configured, else UDP to the CGF).</summary>
    public void Send(ReadOnlySpan<byte> message)
    {
        if (_tcp is not null)
        {
            _tcp.Send(message);
            return;
        }
        SendUdp(message, _remoteAddress);
    }

    /// <summary>Sends with T3/N3 retransmission and waits for the matching response.</summary>
    internal async Task<GtpPrimeMessage> RequestAsync(ushort sequenceNumber, byte[] message, CancellationToken cancellationToken)
    {
        using var awaitable = Dispatcher.AddAwaitable(sequenceNumber);
        return await Pipeline.ExecuteAsync(static async (state, token) =>
        {
            state.Path.Send(state.Message);
            return await state.Awaitable.Task.WaitAsync(token).ConfigureAwait(false);
        }, (Path: this, Message: message, Awaitable: awaitable), cancellationToken).ConfigureAwait(false);
    }

    private void SendUdp(ReadOnlySpan<byte> message, SocketAddress destination)
    {
        try
        {
            _udp.SendTo(message, SocketFlags.None, destination);
        }
        catch (SocketException exception)
        {
            // ICMP port unreachable and the like: the retransmission timer decides what it means.
            Log.SendFailed(_logger, Name, exception);
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private void ReceiveUdp()
    {
        var buffer = GC.AllocateUninitializedArray<byte>(MaxDatagram, pinned: true);
        var address = new SocketAddress(_udp.AddressFamily);
        var any = new IPEndPoint(_udp.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        while (!_closing.IsCancellationRequested)
        {
            int received;
            try
            {
                received = _udp.ReceiveFrom(buffer, SocketFlags.None, address);
            }
            catch (SocketException exception) when (exception.SocketErrorCode is SocketError.ConnectionReset or SocketError.MessageSize or SocketError.TimedOut)
            {
                continue;
            }
            catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
            {
                break;
            }
            OnMessage(buffer.AsMemory(0, received), address, any);
        }
    }

    private void OnMessage(ReadOnlyMemory<byte> message, SocketAddress address, IPEndPoint any) =>
        OnMessage(message, null, address, any);

    private void OnMessage(ReadOnlyMemory<byte> message, IPEndPoint source) => OnMessage(message, source, null, null);

    /// <summary>The source is made an <see cref="IPEndPoint"/> only when needed (CGF requests, malformed input).</summary>
    private void OnMessage(ReadOnlyMemory<byte> message, IPEndPoint? source, SocketAddress? address, IPEndPoint? any)
    {
        var arrived = System.Diagnostics.Stopwatch.GetTimestamp();
        if (!GtpPrimeDecoder.TryDecode(message, out var frame, out var error))
        {
            Log.Malformed(_logger, Name, source ?? (IPEndPoint)any!.Create(address!), error);
            return;
        }
        source ??= frame.Message is EchoRequest or NodeAliveRequest or RedirectionRequest ? (IPEndPoint)any!.Create(address!) : Remote;
        switch (frame.Message)
        {
            case EchoRequest or NodeAliveRequest or RedirectionRequest:
                if (_onRequest?.Invoke(this, frame, source) is { } answer)
                {
                    var bytes = GtpPrimeEncoder.Encode(frame.Header.Form, frame.Header.SequenceNumber, answer);
                    // Requests from the CGF arrive over UDP; answer to their source (docs/gtp-prime.md §6).
                    SendUdp(bytes, source.Serialize());
                }
                break;
            case DataRecordTransferRequest:
                Log.UnexpectedRequest(_logger, Name, frame.Message.MessageType, source);
                break;
            case DataRecordTransferResponse response when Dispatcher.Count == 0:
                _onResponse?.Invoke(this, response, response.RequestsResponded, arrived);
                break;
            case DataRecordTransferResponse response:
                // A grouped response may answer a test packet and data requests at once (docs/gtp-prime.md §5.1).
                List<ushort>? rest = null;
                foreach (var sequenceNumber in response.RequestsResponded)
                {
                    if (!Dispatcher.TryDispatch(sequenceNumber, response))
                        (rest ??= []).Add(sequenceNumber);
                }
                if (rest is not null)
                    _onResponse?.Invoke(this, response, rest, arrived);
                break;
            default:
                if (!Dispatcher.TryDispatch(frame))
                    _onResponse?.Invoke(this, frame.Message, [frame.Header.SequenceNumber], arrived);
                break;
        }
    }

    public void Dispose()
    {
        _closing.Cancel();
        Dispatcher.FailAll(new CgfPathDownException(Name));
        _tcp?.Dispose();
        _udp.Dispose();
        _receiver?.Join(TimeSpan.FromSeconds(2));
    }
}
