using Storage.Cgf;
using Storage.Cgf.Retention;

namespace Cgf.Server.Tests.Retention;

public class RetentionWalkTests
{
    private const long Cutoff = 1000;

    private static StoredRowAge Row(long id, CdrStatus status = CdrStatus.Exported, long at = 10) => new(id, status, at);

    [Fact]
    public void OldExportedRowsGoAndTheFirstYoungRowEndsThePass()
    {
        var removable = new List<long>();
        var next = RetentionWalk.Step([Row(1), Row(2), Row(3, at: Cutoff), Row(4)], chunk: 10, Cutoff, requireExported: true, removable);
        Assert.Equal([1L, 2L], removable);
        Assert.Null(next);
    }

    [Theory]
    [InlineData(CdrStatus.Pending)]
    [InlineData(CdrStatus.Committed)]
    [InlineData(CdrStatus.Withheld)]
    public void ACdrNotExportedIsSteppedOverAndWhatFollowsItStillGoes(CdrStatus status)
    {
        var removable = new List<long>();
        RetentionWalk.Step([Row(5), Row(6, status), Row(7)], chunk: 10, Cutoff, requireExported: true, removable);
        Assert.Equal([5L, 7L], removable);
    }

    [Fact]
    public void AFullChunkOfOldRowsContinuesAfterItsLastIdAndAShortOneStartsOver()
    {
        var removable = new List<long>();
        Assert.Equal(12L, RetentionWalk.Step([Row(10, CdrStatus.Pending), Row(11, CdrStatus.Committed), Row(12, CdrStatus.Pending)], chunk: 3, Cutoff, true, removable));
        Assert.Empty(removable);
        Assert.Null(RetentionWalk.Step([Row(13), Row(14)], chunk: 3, Cutoff, true, removable));
        Assert.Equal([13L, 14L], removable);
        Assert.Null(RetentionWalk.Step([], chunk: 3, Cutoff, true, removable));
    }

    [Fact]
    public void QuarantinedRecordsGoByAgeAlone()
    {
        var removable = new List<long>();
        RetentionWalk.Step([Row(1, CdrStatus.Committed, 5), Row(2, CdrStatus.Pending, 6), Row(3, CdrStatus.Committed, Cutoff + 1)], chunk: 10, Cutoff,
            requireExported: false, removable);
        Assert.Equal([1L, 2L], removable);
    }
}
