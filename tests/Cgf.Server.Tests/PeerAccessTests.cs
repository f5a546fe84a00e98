using Cgf.Server.Tests.Infrastructure;

namespace Cgf.Server.Tests;

/// <summary>Only addresses in Cgf:Peers are served; others are dropped unanswered and nothing of theirs is stored.</summary>
public sealed class PeerAccessTests
{
    [Theory]
    [InlineData("udp")]
    [InlineData("tcp")]
    public async Task RequestFromAnAddressNotInPeersIsDroppedUnansweredAndNotStored(string transport)
    {
        await using var cgf = await TestCgf.StartAsync(new Dictionary<string, string?>
        {
            ["Cgf:Peers:0"] = "10.0.0.0/8",
            ["Cgf:Peers:1"] = "2001:db8::1",
        });
        await using var cdf = await PeerConnection.OpenAsync(transport, cgf.Endpoint);

        try
        {
            await cdf.SendAsync(Gtpp.Send(1, Gtpp.Record(1)));
            await cdf.SendAsync(Gtpp.EchoRequest(2));
        }
        catch (IOException)
        {
            // TCP: the CGF closed the connection from a disallowed source at once.
        }

        Assert.Null(await cdf.ReceiveAsync(TimeSpan.FromMilliseconds(500)));
        var status = cgf.Status();
        Assert.Equal(0, status.CommittedCdrs);
        Assert.Empty(status.Peers);
    }

    [Fact]
    public async Task AddressInsideAnAllowedPrefixIsServed()
    {
        await using var cgf = await TestCgf.StartAsync(new Dictionary<string, string?>
        {
            ["Cgf:Peers:0"] = "127.0.0.0/30",
            ["Cgf:Peers:1"] = "10.1.2.3",
        });
        using var cdf = new UdpPeer();
        Assert.Equal(128, (await cdf.RequestAsync(Gtpp.Send(1, Gtpp.Record(1)), cgf.Endpoint)).Cause);
    }
}
