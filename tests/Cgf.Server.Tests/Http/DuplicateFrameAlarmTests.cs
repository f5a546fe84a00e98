namespace Cgf.Server.Tests.Http;

/// <summary>The duplicate-frame alarm of the real program: raised by the third copy of one frame, seen in every place an operator looks.</summary>
public sealed class DuplicateFrameAlarmTests
{
    private const string Gauge = "cgf_alarm_active{otel_scope_name=\"Cgf.Server\",alarm=\"duplicate_frame\"}";

    [Fact]
    public async Task TheThirdCopyOfAFrameRaisesTheAlarmInTheLogTheMetricsAndTheStatusPage()
    {
        await using var cgf = await HttpCgf.StartAsync();
        using var cdf = new Infrastructure.UdpPeer(System.Net.IPAddress.Loopback);
        var frame = Infrastructure.Gtpp.Send(7, Infrastructure.Gtpp.Record(700));

        // The original and one retransmission: a CDF that lost one response, no alarm.
        Assert.Equal(128, (await cdf.RequestAsync(frame, cgf.Process.Endpoint)).Cause);
        Assert.Equal(253, (await cdf.RequestAsync(frame, cgf.Process.Endpoint)).Cause);
        Assert.Contains($"{Gauge} 0", (await cgf.GetAsync("/metrics")).Body);

        // The third copy of the same frame (answered "request already fulfilled", TS 32.295 cause 253, as the second).
        Assert.Equal(253, (await cdf.RequestAsync(frame, cgf.Process.Endpoint)).Cause);

        // The exporter caches a scrape for 300 ms: ask until the next one.
        await Poll.UntilAsync(() => cgf.GetAsync("/metrics").GetAwaiter().GetResult().Body.Contains($"{Gauge} 1"), 10);
        var page = (await cgf.GetAsync("/")).Body;
        Assert.Contains("duplicate_frame", page);
        Assert.Contains("sequence number 7 received 3 times", page);
        await Poll.UntilAsync(() => cgf.Process.Output.Contains("Alarm raised: duplicate_frame"), 10);
        // Stored once whatever the copies.
        Assert.Equal(1, cgf.StatusCommittedCdrs());
    }
}
