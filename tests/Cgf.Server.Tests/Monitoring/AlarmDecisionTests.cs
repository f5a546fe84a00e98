using Cgf.Server.Monitoring;
using Operations.Alarms;
using Operations.Http;

namespace Cgf.Server.Tests.Monitoring;

/// <summary>The pure decisions behind the alarms and the endpoint's URLs, without a host.</summary>
public sealed class AlarmDecisionTests
{
    [Fact]
    public void HysteresisRaisesAtTheLevelAndClearsOnlyBelowTheLowerOne()
    {
        var threshold = new HysteresisThreshold(raiseAt: 0.9, clearBelow: 0.85);

        Assert.Equal(AlarmTransition.None, threshold.Observe(0.89));
        Assert.Equal(AlarmTransition.Raise, threshold.Observe(0.9));
        Assert.Equal(AlarmTransition.None, threshold.Observe(0.95));
        Assert.Equal(AlarmTransition.None, threshold.Observe(0.86));
        Assert.Equal(AlarmTransition.Clear, threshold.Observe(0.84));
        Assert.Equal(AlarmTransition.None, threshold.Observe(0.5));
    }

    [Fact]
    public void TheThirdCopyOfOneFrameRaisesOncePerPeerAndAQuietWindowClearsIt()
    {
        var detector = new DuplicateFrameDetector();
        var windowMs = (long)DuplicateFrameDetector.Window.TotalMilliseconds;

        Assert.Equal(AlarmTransition.None, detector.ObserveRepeat("10.0.0.1", 7, 0, out var copies));
        Assert.Equal(2, copies);
        Assert.Equal(AlarmTransition.None, detector.ObserveRepeat("10.0.0.1", 8, 10, out _));
        Assert.Equal(AlarmTransition.Raise, detector.ObserveRepeat("10.0.0.1", 7, 20, out copies));
        Assert.Equal(3, copies);
        Assert.Equal(AlarmTransition.None, detector.ObserveRepeat("10.0.0.1", 7, 30, out _));
        Assert.Equal(AlarmTransition.None, detector.ObserveRepeat("10.0.0.2", 7, 30, out _));

        Assert.Empty(detector.Expire(windowMs));
        Assert.Equal(["10.0.0.1"], detector.Expire(30 + windowMs + 1));
    }

    [Fact]
    public void RepeatsFurtherApartThanTheWindowDoNotAddUp()
    {
        var detector = new DuplicateFrameDetector();
        var windowMs = (long)DuplicateFrameDetector.Window.TotalMilliseconds;

        detector.ObserveRepeat("10.0.0.1", 7, 0, out _);
        Assert.Equal(AlarmTransition.None, detector.ObserveRepeat("10.0.0.1", 7, windowMs + 1, out var copies));
        Assert.Equal(2, copies);
    }

    [Fact]
    public void TheDiskAlarmRisesBelowTenPercentFreeAndClearsAboveTwelve()
    {
        var limits = new StorageLimits();
        Assert.Equal(AlarmTransition.None, limits.ObserveDisk(101, 1000));
        Assert.Equal(AlarmTransition.Raise, limits.ObserveDisk(100, 1000));
        Assert.Equal(AlarmTransition.None, limits.ObserveDisk(119, 1000));
        Assert.Equal(AlarmTransition.Clear, limits.ObserveDisk(121, 1000));
    }

    [Fact]
    public void DatabaseFullAndNearLimitFollowMaxDatabaseSize()
    {
        var limits = new StorageLimits();
        Assert.Equal(AlarmTransition.None, limits.ObserveDatabase(899, 1000));
        Assert.Equal(AlarmTransition.Raise, limits.ObserveDatabase(900, 1000));
        Assert.Equal(AlarmTransition.Clear, limits.ObserveDatabase(900, 0));
        Assert.True(StorageLimits.IsDatabaseFull(990, 1000));
        Assert.False(StorageLimits.IsDatabaseFull(989, 1000));
        Assert.False(StorageLimits.IsDatabaseFull(long.MaxValue, 0));
    }

    [Fact]
    public void APeerIsSilentAfterTwoMissedEchoes()
    {
        Assert.False(PeerSilence.IsSilent(0, 120_000, TimeSpan.FromSeconds(60)));
        Assert.True(PeerSilence.IsSilent(0, 120_001, TimeSpan.FromSeconds(60)));
    }

    [Theory]
    [InlineData("", 0)]
    [InlineData("http://127.0.0.1:9386", 1)]
    [InlineData("http://localhost:9386; http://[::1]:9386", 2)]
    public void GoodUrlsParseIntoBindings(string urls, int count)
    {
        Assert.True(HttpEndpointUrls.TryParse(urls, out var bindings, out var error), error);
        Assert.Equal(count, bindings.Count);
    }

    [Fact]
    public void AlarmRegistryLogsOnlyTransitionsAndListsWhatIsActive()
    {
        using var alarms = new AlarmRegistry("Test.Alarms", "test", Microsoft.Extensions.Logging.Abstractions.NullLogger<AlarmRegistry>.Instance);

        Assert.True(alarms.Raise("overload", "", "first"));
        Assert.False(alarms.Raise("overload", "", "second"));
        Assert.True(alarms.Raise("peer_silent", "10.0.0.1", "quiet"));
        Assert.Equal(["overload", "peer_silent"], alarms.Active().Select(a => a.Name));
        Assert.Equal("second", alarms.Active()[0].Reason);
        Assert.True(alarms.Clear("overload"));
        Assert.False(alarms.Clear("overload"));
        Assert.False(alarms.IsActive("overload"));
    }
}
