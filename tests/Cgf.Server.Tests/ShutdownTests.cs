using Cgf.Server.Tests.Infrastructure;
using System.Diagnostics;

namespace Cgf.Server.Tests;

/// <summary>Graceful shutdown: Redirection Request cause 63 with the recommended node to active peers (docs/gtp-prime.md §5.5).</summary>
public sealed class ShutdownTests
{
    [Theory]
    [InlineData("udp")]
    [InlineData("tcp")]
    public async Task ActivePeersGetRedirectionCause63WithTheRecommendedNodeBeforeTheServerStops(string transport)
    {
        var cgf = await TestCgf.StartAsync(new Dictionary<string, string?>
        {
            ["Cgf:RecommendedNode"] = "10.0.0.9",
            ["Cgf:RedirectionWait"] = "00:00:10",
        });
        await using var cdf = await PeerConnection.OpenAsync(transport, cgf.Endpoint);
        Assert.Equal(128, (await cdf.RequestAsync(Gtpp.Send(1, Gtpp.Record(1)))).Cause);

        var watch = Stopwatch.StartNew();
        var stopping = cgf.StopAsync();
        var received = await cdf.ReceiveAsync(TimeSpan.FromSeconds(15));
        Assert.NotNull(received);
        var redirection = Gtpp.Parse(received!);
        Assert.Equal(6, redirection.Type);
        Assert.Equal(63, redirection.Cause);
        Assert.Equal(254, redirection.Addresses[0].Type);
        Assert.Equal(new byte[] { 10, 0, 0, 9 }, redirection.Addresses[0].Address);

        await cdf.SendAsync(Gtpp.RedirectionResponse(redirection.Sequence));
        await stopping;
        // It waited for our answer, not for the whole Cgf:RedirectionWait.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(8), $"stop took {watch.Elapsed}");
        await cgf.DisposeAsync();
    }
}
