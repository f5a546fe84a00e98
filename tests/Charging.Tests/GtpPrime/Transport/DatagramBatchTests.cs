using Charging.GtpPrime.Transport;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Charging.Tests.GtpPrime.Transport;

/// <summary>recvmmsg/sendmmsg on real loopback sockets: every datagram whole, in order, with the address it came from.</summary>
public sealed class DatagramBatchTests
{
    private static Socket Bound(IPAddress address)
    {
        var socket = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(address, 0));
        return socket;
    }

    private static byte[] Filled(int length, byte seed) => Enumerable.Range(0, length).Select(i => (byte)(i * 7 + seed)).ToArray();

    [Fact]
    public void OneCallTakesEveryWaitingDatagramWholeWithItsSource()
    {
        using var server = Bound(IPAddress.Loopback);
        server.ReceiveTimeout = 2000;
        using var first = Bound(IPAddress.Loopback);
        using var second = Bound(IPAddress.Parse("127.0.0.2"));
        var sent = new (Socket From, byte[] Data)[]
        {
            (first, Filled(6, 1)), (second, Filled(400, 2)), (first, Filled(65507, 3)), (second, []), (first, Filled(20, 4)),
        };
        foreach (var (from, data) in sent)
            from.SendTo(data, server.LocalEndPoint!);
        using var batch = new DatagramBatch(server, 8);

        var count = batch.Receive(out var error);

        Assert.Equal(SocketError.Success, error);
        Assert.Equal(sent.Length, count);
        for (var i = 0; i < count; i++)
        {
            Assert.Equal(sent[i].Data, batch.Datagram(i).ToArray());
            Assert.False(batch.IsTruncated(i));
            var source = (IPEndPoint)new IPEndPoint(IPAddress.Any, 0).Create(batch.Address(i));
            Assert.Equal(sent[i].From.LocalEndPoint, source);
        }
    }

    [Fact]
    public void MoreWaitingThanSlotsAreTakenByTheNextCalls()
    {
        using var server = Bound(IPAddress.Loopback);
        server.ReceiveTimeout = 2000;
        using var client = Bound(IPAddress.Loopback);
        for (byte i = 0; i < 5; i++)
            client.SendTo([i], server.LocalEndPoint!);
        using var batch = new DatagramBatch(server, 2);

        var seen = new List<byte>();
        foreach (var expected in new[] { 2, 2, 1 })
        {
            Assert.Equal(expected, batch.Receive(out _));
            for (var i = 0; i < expected; i++)
                seen.Add(batch.Datagram(i).Span[0]);
        }

        Assert.Equal([0, 1, 2, 3, 4], seen);
    }

    [Fact]
    public void NothingArrivingReturnsNoneAfterTheReceiveTimeout()
    {
        using var server = Bound(IPAddress.Loopback);
        server.ReceiveTimeout = 200;
        using var batch = new DatagramBatch(server, 4);
        var started = Stopwatch.StartNew();

        var count = batch.Receive(out var error);

        Assert.Equal(0, count);
        Assert.Contains(error, new[] { SocketError.WouldBlock, SocketError.TimedOut });
        Assert.InRange(started.ElapsedMilliseconds, 150, 5000);
    }

    [Fact]
    public void ADualModeSocketSeesAnIpv4SourceAsMappedAddress()
    {
        using var server = new Socket(AddressFamily.InterNetworkV6, SocketType.Dgram, ProtocolType.Udp) { DualMode = true, ReceiveTimeout = 2000 };
        server.Bind(new IPEndPoint(IPAddress.IPv6Any, 0));
        using var client = Bound(IPAddress.Loopback);
        client.SendTo([0x4e, 0x01], new IPEndPoint(IPAddress.Loopback, ((IPEndPoint)server.LocalEndPoint!).Port));
        using var batch = new DatagramBatch(server, 4);

        Assert.Equal(1, batch.Receive(out _));

        var source = (IPEndPoint)new IPEndPoint(IPAddress.IPv6Any, 0).Create(batch.Address(0));
        Assert.Equal(IPAddress.Loopback.MapToIPv6(), source.Address);
        Assert.Equal(((IPEndPoint)client.LocalEndPoint!).Port, source.Port);
    }

    [Fact]
    public void QueuedDatagramsGoOutInOrderToEachDestinationInOneFlush()
    {
        using var sender = Bound(IPAddress.Loopback);
        using var a = Bound(IPAddress.Loopback);
        using var b = Bound(IPAddress.Parse("127.0.0.3"));
        a.ReceiveTimeout = b.ReceiveTimeout = 2000;
        using var batch = new DatagramBatch(sender, 3);

        Assert.True(batch.Queue(Filled(10, 1), a.LocalEndPoint!.Serialize()));
        Assert.True(batch.Queue(Filled(3000, 2), b.LocalEndPoint!.Serialize()));
        Assert.True(batch.Queue(Filled(5, 3), a.LocalEndPoint!.Serialize()));
        Assert.False(batch.Queue(Filled(5, 4), a.LocalEndPoint!.Serialize()));
        Assert.Equal(3, batch.Queued);

        Assert.Equal(3, batch.Flush(out var error));

        Assert.Equal(SocketError.Success, error);
        Assert.Equal(0, batch.Queued);
        var buffer = new byte[65536];
        Assert.Equal(Filled(10, 1), buffer[..a.Receive(buffer)]);
        Assert.Equal(Filled(5, 3), buffer[..a.Receive(buffer)]);
        Assert.Equal(Filled(3000, 2), buffer[..b.Receive(buffer)]);
        Assert.Equal(0, batch.Flush(out _));
    }

    [Fact]
    public void AConnectedSocketSendsWithoutAnAddress()
    {
        using var receiver = Bound(IPAddress.Loopback);
        receiver.ReceiveTimeout = 2000;
        using var sender = Bound(IPAddress.Loopback);
        sender.Connect(receiver.LocalEndPoint!);
        using var batch = new DatagramBatch(sender, 2);

        batch.Queue([1, 2, 3], null);
        batch.Queue([4], null);
        Assert.Equal(2, batch.Flush(out _));

        var buffer = new byte[16];
        Assert.Equal([1, 2, 3], buffer[..receiver.Receive(buffer)]);
        Assert.Equal([4], buffer[..receiver.Receive(buffer)]);
    }
}
