using Cgf.Server.ExportRetention;

namespace Cgf.Server.Tests.ExportRetention;

public class RetentionPlanTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Week = TimeSpan.FromDays(7);

    private static ExportFileEntry File(string name, int daysOld, bool delivered, long length = 100) =>
        new(name, length, Now.AddDays(-daysOld), delivered);

    private static RetentionLimits Limits(long maxDirectoryBytes = 0, long volume = 0, long used = 0, int highWater = 95) =>
        new(Week, maxDirectoryBytes, highWater, volume, used);

    private static string[] Names(RetentionPlan.Result result) => result.Delete.Select(d => d.File.Name).ToArray();

    [Fact]
    public void DeliveredFilesOlderThanTheRetentionGoAndNothingElse()
    {
        var result = RetentionPlan.Decide([File("a", 8, true), File("b", 7, true), File("c", 6, true), File("d", 30, false)], Now, Limits());
        Assert.Equal(["a", "b"], Names(result)); // exactly 7 days counts as older
        Assert.All(result.Delete, d => Assert.False(d.Early));
        Assert.False(result.StillAboveLimit);
    }

    [Fact]
    public void AboveMaxDirectoryBytesTheOldestDeliveredGoFirstAndUndeliveredStay()
    {
        // 500 octets, limit 250: the undelivered oldest stays, then the oldest delivered go until 250 or less remain.
        var files = new[] { File("u", 5, false), File("d1", 4, true), File("d2", 3, true), File("d3", 2, true), File("d4", 1, true) };
        var result = RetentionPlan.Decide(files, Now, Limits(maxDirectoryBytes: 250));
        Assert.Equal(["d1", "d2", "d3"], Names(result));
        Assert.All(result.Delete, d => Assert.True(d.Early));
        Assert.False(result.StillAboveLimit);
    }

    [Fact]
    public void AboveTheHighWaterMarkOfTheVolumeDeliveredFilesGoUntilBelowIt()
    {
        // Volume 10,000, used 9,700 (97 %), high water 95 %: 200 octets must go.
        var files = new[] { File("a", 3, true), File("b", 2, true), File("c", 1, true) };
        var result = RetentionPlan.Decide(files, Now, Limits(volume: 10_000, used: 9_700));
        Assert.Equal(["a", "b"], Names(result));
    }

    [Fact]
    public void WhenOnlyUndeliveredFilesAreLeftNothingMoreIsDeletedAndThePlanSaysSo()
    {
        var files = new[] { File("u1", 10, false), File("u2", 9, false), File("d", 1, true) };
        var result = RetentionPlan.Decide(files, Now, Limits(maxDirectoryBytes: 50));
        Assert.Equal(["d"], Names(result));
        Assert.True(result.StillAboveLimit);
    }

    [Fact]
    public void ExpiredFilesCountAgainstTheLimitsAsDeleted()
    {
        // The expired file frees the space: no early deletion needed.
        var files = new[] { File("old", 9, true, 5_000), File("new", 1, true) };
        var result = RetentionPlan.Decide(files, Now, Limits(maxDirectoryBytes: 1_000, volume: 10_000, used: 9_900));
        Assert.Equal(["old"], Names(result));
        Assert.False(result.StillAboveLimit);
    }
}
