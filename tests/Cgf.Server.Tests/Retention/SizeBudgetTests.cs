using Storage.Cgf.Writer;

namespace Cgf.Server.Tests.Retention;

public class SizeBudgetTests
{
    private const long Restart = 64L << 20;

    [Fact]
    public void ACapIsSharedSoThatTheDatabaseAndItsWalTogetherStayWithinIt()
    {
        var budget = SizeBudget.For(4_000_000, Restart);
        Assert.Equal(new SizeBudget(3_000_000, 1_000_000, 500_000), budget);
        Assert.Equal(4_000_000, budget.DatabaseBytes + budget.WalLimitBytes);
    }

    [Fact]
    public void TheWalShareIsAtMostTheDefaultRestartSize()
    {
        var budget = SizeBudget.For(100L << 30, Restart);
        Assert.Equal(((100L << 30) - Restart, Restart, Restart / 2), (budget.DatabaseBytes, budget.WalLimitBytes, budget.WalRestartBytes));
    }

    [Fact]
    public void NoCapLeavesTheRestartSizeAlone() =>
        Assert.Equal(new SizeBudget(0, 0, Restart), SizeBudget.For(0, Restart));
}
