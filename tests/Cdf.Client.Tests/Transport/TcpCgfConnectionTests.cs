using Cdf.Client.Transport;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Cdf.Client.Tests.Transport;

/// <summary>The CDF's GTP' TCP connection against a bare TCP listener standing in for the CGF.</summary>
public sealed class TcpCgfConnectionTests : IDisposable
{
    // v2 Echo Request, sequence 1 (header only).
    private static readonly byte[] EchoRequest = Convert.FromHexString("4e0100000001");
    // v2 Echo Response, sequence 1, Recovery (14) = 5.
    private static readonly byte[] EchoResponse = Convert.FromHexString("4e02000200010e05");
    // v2 Echo Response, sequence 2, Recovery (14) = 6.
    private static readonly byte[] EchoResponse2 = Convert.FromHexString("4e02000200020e06");

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly BlockingCollection<byte[]> _messages = [];
    private readonly BlockingCollection<string> _errors = [];

    public TcpCgfConnectionTests() => _listener.Start();

    private IPEndPoint Endpoint => (IPEndPoint)_listener.LocalEndpoint;

    private TcpCgfConnection Connect() => new(Endpoint, m => _messages.Add(m.ToArray()), e => _errors.Add(e));

    private async Task<(TcpCgfConnection Connection, Socket Cgf)> ConnectedAsync()
    {
        var connection = Connect();
        connection.Connect();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var cgf = await _listener.AcceptSocketAsync(timeout.Token);
        // Send only queues while the connect completes; wait until a message goes out.
        await Poll.UntilAsync(() =>
        {
            connection.Send(EchoRequest);
            return cgf.Available >= EchoRequest.Length;
        }, 10);
        // Let the sends of the last attempts arrive too, then discard them all.
        await Task.Delay(200);
        await ReceiveExactlyAsync(cgf, cgf.Available);
        return (connection, cgf);
    }

    [Fact]
    public async Task MessagesAreSentBackToBackAsGiven()
    {
        var (connection, cgf) = await ConnectedAsync();
        using (connection)
        using (cgf)
        {
            connection.Send(EchoResponse);
            connection.Send(EchoResponse2);
            var received = await ReceiveExactlyAsync(cgf, EchoResponse.Length + EchoResponse2.Length);
            Assert.Equal(EchoResponse.Concat(EchoResponse2), received);
        }
    }

    [Fact]
    public async Task TwoMessagesInOneSegmentAreDeliveredOneByOne()
    {
        var (connection, cgf) = await ConnectedAsync();
        using (connection)
        using (cgf)
        {
            await cgf.SendAsync((byte[])[.. EchoResponse, .. EchoResponse2]);
            Assert.Equal(EchoResponse, Take());
            Assert.Equal(EchoResponse2, Take());
        }
    }

    [Fact]
    public async Task AMessageSplitIntoSingleOctetsIsDeliveredWhole()
    {
        var (connection, cgf) = await ConnectedAsync();
        using (connection)
        using (cgf)
        {
            cgf.NoDelay = true;
            foreach (var octet in EchoResponse)
            {
                await cgf.SendAsync(new[] { octet });
                await Task.Delay(5);
            }
            Assert.Equal(EchoResponse, Take());
            Assert.Empty(_messages);
        }
    }

    [Fact]
    public async Task ABadHeaderClosesTheConnectionAndIsReported()
    {
        var (connection, cgf) = await ConnectedAsync();
        using (connection)
        using (cgf)
        {
            // PT bit set: GTPv1, not GTP'.
            await cgf.SendAsync(Convert.FromHexString("3e0100000001"));
            Assert.True(_errors.TryTake(out var error, TimeSpan.FromSeconds(10)));
            Assert.Equal($"tcp to {Endpoint}: not GTP' on the TCP stream (NotGtpPrime)", error);
            var buffer = new byte[16];
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            // Echo Requests of ConnectedAsync's polling may still arrive on a loaded machine (CI once read 6 octets
            // first): whatever comes before, the stream must end (a cancelled read fails the test).
            var late = 0;
            int read;
            while ((read = await cgf.ReceiveAsync(buffer, SocketFlags.None, timeout.Token)) > 0)
            {
                late += read;
            }
            Assert.Equal(0, late % EchoRequest.Length);
        }
    }

    [Fact]
    public async Task SendDoesNotWaitForACgfThatStopsReading()
    {
        var (connection, cgf) = await ConnectedAsync();
        using (connection)
        using (cgf)
        {
            // The CGF never reads: kernel buffers fill, then the queue; a blocking send would stall here.
            var request = new byte[60006];
            Convert.FromHexString("4e02ea600001").CopyTo(request, 0);
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < 1000; i++)
                connection.Send(request);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"1000 sends took {clock.Elapsed}");
        }
    }

    [Fact]
    public async Task WhileNotConnectedSendsAreDroppedAndAFailedConnectIsReported()
    {
        var port = Endpoint.Port;
        _listener.Stop();
        using var connection = new TcpCgfConnection(new IPEndPoint(IPAddress.Loopback, port), m => _messages.Add(m.ToArray()), e => _errors.Add(e));
        connection.Send(EchoRequest);
        Assert.True(_errors.TryTake(out var error, TimeSpan.FromSeconds(10)));
        Assert.StartsWith($"tcp connect to 127.0.0.1:{port}: ", error);
        Assert.Empty(_messages);
    }

    private byte[] Take()
    {
        Assert.True(_messages.TryTake(out var message, TimeSpan.FromSeconds(10)), "no message delivered");
        return message;
    }

    private static async Task<byte[]> ReceiveExactlyAsync(Socket socket, int count)
    {
        var buffer = new byte[count];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        for (var received = 0; received < count;)
        {
            var read = await socket.ReceiveAsync(buffer.AsMemory(received), SocketFlags.None, timeout.Token);
            Assert.NotEqual(0, read);
            received += read;
        }
        return buffer;
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Dispose();
        _messages.Dispose();
        _errors.Dispose();
    }
}
