using Cgf.Server.Tests.Infrastructure;

namespace Cgf.Server.Tests;

/// <summary>TCP carries messages back to back with no extra framing (docs/gtp-prime.md §6).</summary>
public sealed class TcpFramingTests
{
    [Fact]
    public async Task TwoMessagesInOneSegmentAreBothAnswered()
    {
        await using var cgf = await TestCgf.StartAsync();
        await using var cdf = await TcpPeer.ConnectAsync(cgf.Endpoint);

        await cdf.WriteAsync([.. Gtpp.EchoRequest(1), .. Gtpp.Send(2, Gtpp.Record(2))]);

        var first = Gtpp.Parse((await cdf.ReadMessageAsync(TimeSpan.FromSeconds(15)))!);
        var second = Gtpp.Parse((await cdf.ReadMessageAsync(TimeSpan.FromSeconds(15)))!);
        Assert.Equal((2, (ushort)1), (first.Type, first.Sequence));
        Assert.Equal((241, (ushort)2, (int?)128), (second.Type, second.Sequence, second.Cause));
    }

    [Fact]
    public async Task AMessageSplitByteByByteIsReassembled()
    {
        await using var cgf = await TestCgf.StartAsync();
        await using var cdf = await TcpPeer.ConnectAsync(cgf.Endpoint);

        await cdf.WriteByteByByteAsync([.. Gtpp.Send(5, Gtpp.Record(5)), .. Gtpp.EchoRequest(6, Gtpp.V0Long)]);

        var send = Gtpp.Parse((await cdf.ReadMessageAsync(TimeSpan.FromSeconds(15)))!);
        var echo = Gtpp.Parse((await cdf.ReadMessageAsync(TimeSpan.FromSeconds(15)))!);
        Assert.Equal(128, send.Cause);
        Assert.Equal((Gtpp.V0Long, (byte)2, (ushort)6), (echo.First, echo.Type, echo.Sequence));
        Assert.Equal(1, cgf.Status().CommittedCdrs);
    }

    [Fact]
    public async Task ManyMessagesInOneWriteAreAllAnswered()
    {
        await using var cgf = await TestCgf.StartAsync();
        await using var cdf = await TcpPeer.ConnectAsync(cgf.Endpoint);
        var burst = Enumerable.Range(1, 200).SelectMany(i => Gtpp.Send((ushort)i, Gtpp.Record((uint)i))).ToArray();

        await cdf.WriteAsync(burst);

        var answered = new List<ushort>();
        while (answered.Count < 200 && await cdf.ReadMessageAsync(TimeSpan.FromSeconds(15)) is { } message)
            answered.AddRange(Gtpp.Parse(message).Responded);
        Assert.Equal(Enumerable.Range(1, 200).Select(i => (ushort)i), answered.Order());
    }

    [Fact]
    public async Task AnUnframeableStreamIsClosedAndTheServerGoesOn()
    {
        await using var cgf = await TestCgf.StartAsync();
        await using (var bad = await TcpPeer.ConnectAsync(cgf.Endpoint))
        {
            await bad.WriteAsync(Convert.FromHexString("5e0100000001")); // PT=1 cannot be followed
            Assert.Null(await bad.ReadMessageAsync(TimeSpan.FromSeconds(3)));
        }
        await using var good = await TcpPeer.ConnectAsync(cgf.Endpoint);
        Assert.Equal(2, (await good.RequestAsync(Gtpp.EchoRequest(1))).Type);
    }
}
