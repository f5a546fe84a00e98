using Gtp.Firewall.Monitoring;
using Operations.Alarms;

namespace Gtp.Firewall.Tests.Monitoring;

public class QueueOverloadDetectorTests
{
    private static QueueSample Quiet(long unjudged = 0, long dropped = 0, long overruns = 0, int backlog = 0) =>
        new(unjudged, dropped, overruns, backlog, MaxLength: 1000, FailOpen: true);

    [Fact]
    public void AQuietQueueRaisesNothing()
    {
        var detector = new QueueOverloadDetector(quietSamples: 3);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(AlarmTransition.None, detector.Observe(Quiet(backlog: 899), out var reason));
            Assert.Equal("", reason);
        }
        Assert.False(detector.IsRaised);
    }

    [Fact]
    public void PacketsPassedUnjudgedRaiseAtOnceAndTheReasonCountsThoseOfTheInterval()
    {
        var detector = new QueueOverloadDetector(quietSamples: 3);
        Assert.Equal(AlarmTransition.None, detector.Observe(Quiet(), out _));

        Assert.Equal(AlarmTransition.Raise, detector.Observe(Quiet(unjudged: 12), out var reason));
        Assert.Equal("12 packets passed unjudged (fail-open)", reason);
        // Still overloaded: no second raise; the reason is this interval's.
        Assert.Equal(AlarmTransition.None, detector.Observe(Quiet(unjudged: 15, dropped: 4), out reason));
        Assert.Equal("3 packets passed unjudged (fail-open), 4 packets dropped by the kernel at the queue limit", reason);
    }

    [Fact]
    public void WithoutFailOpenUnjudgedPacketsAreDropped()
    {
        var detector = new QueueOverloadDetector(quietSamples: 1);
        Assert.Equal(AlarmTransition.Raise, detector.Observe(new QueueSample(2, 0, 0, 0, 1000, FailOpen: false), out var reason));
        Assert.Equal("2 packets dropped before inspection", reason);
    }

    [Theory]
    [InlineData(900, true)] // 90 % of 1000
    [InlineData(899, false)]
    public void AKernelBacklogAtNinetyPercentOfTheQueueLengthRaises(int backlog, bool raised)
    {
        var detector = new QueueOverloadDetector(quietSamples: 1);
        Assert.Equal(raised ? AlarmTransition.Raise : AlarmTransition.None, detector.Observe(Quiet(backlog: backlog), out var reason));
        Assert.Equal(raised ? $"kernel backlog {backlog} of 1000" : "", reason);
    }

    [Fact]
    public void ReceiveOverrunsRaise()
    {
        var detector = new QueueOverloadDetector(quietSamples: 1);
        Assert.Equal(AlarmTransition.Raise, detector.Observe(Quiet(overruns: 1), out var reason));
        Assert.Equal("1 receive overruns", reason);
    }

    [Fact]
    public void ItClearsOnlyAfterTheGivenNumberOfQuietSamplesInARow()
    {
        var detector = new QueueOverloadDetector(quietSamples: 3);
        Assert.Equal(AlarmTransition.Raise, detector.Observe(Quiet(dropped: 1), out _));
        Assert.Equal(AlarmTransition.None, detector.Observe(Quiet(dropped: 1), out _));
        Assert.Equal(AlarmTransition.None, detector.Observe(Quiet(dropped: 1), out _));
        // A new drop restarts the quiet count.
        Assert.Equal(AlarmTransition.None, detector.Observe(Quiet(dropped: 2), out _));
        Assert.Equal(AlarmTransition.None, detector.Observe(Quiet(dropped: 2), out _));
        Assert.Equal(AlarmTransition.None, detector.Observe(Quiet(dropped: 2), out _));
        Assert.Equal(AlarmTransition.Clear, detector.Observe(Quiet(dropped: 2), out _));
        Assert.False(detector.IsRaised);
        Assert.Equal(AlarmTransition.None, detector.Observe(Quiet(dropped: 2), out _));
    }
}
