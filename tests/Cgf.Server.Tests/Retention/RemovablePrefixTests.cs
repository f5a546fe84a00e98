using Storage.Cgf;
using Storage.Cgf.Retention;

namespace Cgf.Server.Tests.Retention;

public class RemovablePrefixTests
{
    private const long Cutoff = 1000;

    private static StoredRowAge Exported(long id, long at = 10) => new(id, CdrStatus.Exported, at);

    [Fact]
    public void ExportedRowsOlderThanTheCutoffGoUpToTheFirstThatIsNot()
    {
        StoredRowAge[] rows = [Exported(1), Exported(2), Exported(3, at: Cutoff), Exported(4)];
        Assert.Equal(2, RemovablePrefix.LastRemovable(rows, maxId: 10, Cutoff, requireExported: true));
    }

    [Theory]
    [InlineData(CdrStatus.Pending)]
    [InlineData(CdrStatus.Committed)]
    public void ACdrNotExportedStopsTheRunWhateverItsAgeAndEverythingAfterItStays(CdrStatus status)
    {
        StoredRowAge[] rows = [Exported(5), new(6, status, 1), Exported(7)];
        Assert.Equal(5, RemovablePrefix.LastRemovable(rows, maxId: 10, Cutoff, requireExported: true));
        Assert.Null(RemovablePrefix.LastRemovable(rows[1..], maxId: 10, Cutoff, requireExported: true));
    }

    [Fact]
    public void TheRowHoldingTheHighestIdNeverGoes()
    {
        StoredRowAge[] rows = [Exported(1), Exported(2), Exported(3)];
        Assert.Equal(2, RemovablePrefix.LastRemovable(rows, maxId: 3, Cutoff, requireExported: true));
        Assert.Null(RemovablePrefix.LastRemovable([Exported(3)], maxId: 3, Cutoff, requireExported: true));
    }

    [Fact]
    public void QuarantinedRecordsGoByAgeAlone()
    {
        StoredRowAge[] rows = [new(1, CdrStatus.Committed, 5), new(2, CdrStatus.Pending, 6), new(3, CdrStatus.Committed, 2000)];
        Assert.Equal(2, RemovablePrefix.LastRemovable(rows, maxId: 9, Cutoff, requireExported: false));
    }
}
