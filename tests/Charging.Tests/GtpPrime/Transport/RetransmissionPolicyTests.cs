using Charging.GtpPrime.Transport;
using Polly.Timeout;
using System.Diagnostics;

namespace Charging.Tests.GtpPrime.Transport;

public class RetransmissionPolicyTests
{
    private static readonly TimeSpan T3 = TimeSpan.FromMilliseconds(200);

    [Fact]
    public async Task AnUnansweredRequestIsTransmittedN3TimesEachWaitingT3()
    {
        var pipeline = new RetransmissionPolicy(T3, 3).CreatePipeline<int>();
        var attempts = new List<TimeSpan>();
        var clock = Stopwatch.StartNew();

        await Assert.ThrowsAsync<TimeoutRejectedException>(async () => await pipeline.ExecuteAsync(async token =>
        {
            attempts.Add(clock.Elapsed);
            await Task.Delay(Timeout.Infinite, token);
            return 0;
        }));
        var total = clock.Elapsed;

        Assert.Equal(3, attempts.Count);
        Assert.True(attempts[0] < T3, $"first after {attempts[0]}");
        // Timers do not fire early; allow a little for the stopwatch and the timer to disagree.
        Assert.True(attempts[1] - attempts[0] >= T3 - TimeSpan.FromMilliseconds(15), $"second after {attempts[1] - attempts[0]}");
        Assert.True(attempts[2] - attempts[1] >= T3 - TimeSpan.FromMilliseconds(15), $"third after {attempts[2] - attempts[1]}");
        Assert.True(total - attempts[2] >= T3 - TimeSpan.FromMilliseconds(15), $"gave up after {total - attempts[2]}");
    }

    [Fact]
    public async Task AnAnswerToARetransmissionEndsTheRetries()
    {
        var pipeline = new RetransmissionPolicy(T3, 5).CreatePipeline<string>();
        var attempts = 0;

        var answer = await pipeline.ExecuteAsync(async token =>
        {
            if (++attempts < 2)
                await Task.Delay(Timeout.Infinite, token);
            return "answered";
        });

        Assert.Equal("answered", answer);
        Assert.Equal(2, attempts);
    }

    [Fact]
    public async Task N3OfOneIsASingleTransmission()
    {
        var pipeline = new RetransmissionPolicy(T3, 1).CreatePipeline<int>();
        var attempts = 0;

        await Assert.ThrowsAsync<TimeoutRejectedException>(async () => await pipeline.ExecuteAsync(async token =>
        {
            attempts++;
            await Task.Delay(Timeout.Infinite, token);
            return 0;
        }));

        Assert.Equal(1, attempts);
    }

    [Fact]
    public async Task CancellationByTheCallerIsNotRetried()
    {
        var pipeline = new RetransmissionPolicy(TimeSpan.FromSeconds(10), 3).CreatePipeline<int>();
        using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        var attempts = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await pipeline.ExecuteAsync(async token =>
        {
            attempts++;
            await Task.Delay(Timeout.Infinite, token);
            return 0;
        }, stop.Token));

        Assert.Equal(1, attempts);
    }

    [Theory]
    [InlineData(3, 2)]
    [InlineData(1, 0)]
    [InlineData(15, 14)]
    public void RetransmissionsAreTheTransmissionsAfterTheFirst(int n3, int retransmissions) =>
        Assert.Equal(retransmissions, new RetransmissionPolicy(T3, n3).Retransmissions);

    [Theory]
    [InlineData(0, 3)]
    [InlineData(9, 3)]
    [InlineData(200, 0)]
    public void ValuesPollyCannotTimeAreRejected(int t3Milliseconds, int n3) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new RetransmissionPolicy(TimeSpan.FromMilliseconds(t3Milliseconds), n3));
}
