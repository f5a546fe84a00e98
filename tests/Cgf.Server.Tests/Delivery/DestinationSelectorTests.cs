using Cgf.Server.Configuration;
using Cgf.Server.Delivery;

namespace Cgf.Server.Tests.Delivery;

public class DestinationSelectorTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void FailoverSendsToTheFirstUntilItFailsFourTimesInARow()
    {
        var selector = new DestinationSelector(3, DeliveryMode.Failover, 4, TimeSpan.FromMinutes(30));
        Assert.Equal([0], selector.Targets());
        for (var i = 0; i < 3; i++)
            Assert.Null(selector.OnFailure(0, T0));
        selector.OnSuccess(0); // a success ends the run of failures
        for (var i = 0; i < 3; i++)
            Assert.Null(selector.OnFailure(0, T0));
        Assert.Equal(1, selector.OnFailure(0, T0));
        Assert.Equal([1], selector.Targets());
        Assert.True(selector.IsActive(1));
        Assert.False(selector.IsActive(0));
    }

    [Fact]
    public void FailoverWrapsToTheFirstAfterTheLastAndNeverSwitchesWithOneDestination()
    {
        var selector = new DestinationSelector(2, DeliveryMode.Failover, 1, TimeSpan.FromMinutes(30));
        Assert.Equal(1, selector.OnFailure(0, T0));
        Assert.Equal(0, selector.OnFailure(1, T0));
        var single = new DestinationSelector(1, DeliveryMode.Failover, 1, TimeSpan.FromMinutes(30));
        Assert.Null(single.OnFailure(0, T0));
        Assert.Null(single.OnFailure(0, T0));
        Assert.Equal(2, single.ConsecutiveFailures(0));
        Assert.Equal(0, single.Active);
    }

    [Fact]
    public void FailoverReturnsToTheFirstReturnAfterTheSwitchNotBefore()
    {
        var selector = new DestinationSelector(2, DeliveryMode.Failover, 2, TimeSpan.FromMinutes(30));
        selector.OnFailure(0, T0);
        Assert.Equal(1, selector.OnFailure(0, T0.AddMinutes(1)));
        Assert.Null(selector.Tick(T0.AddMinutes(30).AddSeconds(59)));
        Assert.Equal(1, selector.Active);
        Assert.Equal(0, selector.Tick(T0.AddMinutes(31)));
        Assert.Equal(0, selector.Active);
        Assert.Equal(0, selector.ConsecutiveFailures(0)); // a fresh start: two more failures before switching again
        Assert.Null(selector.OnFailure(0, T0.AddMinutes(31)));
        Assert.Equal(1, selector.OnFailure(0, T0.AddMinutes(31)));
    }

    [Fact]
    public void AFailureOfADestinationThatIsNotActiveDoesNotSwitch()
    {
        var selector = new DestinationSelector(3, DeliveryMode.Failover, 1, TimeSpan.FromMinutes(30));
        Assert.Null(selector.OnFailure(2, T0));
        Assert.Equal(0, selector.Active);
    }

    [Fact]
    public void AllSendsToEveryDestinationWhateverFails()
    {
        var selector = new DestinationSelector(3, DeliveryMode.All, 1, TimeSpan.FromMinutes(30));
        Assert.Equal([0, 1, 2], selector.Targets());
        for (var i = 0; i < 10; i++)
            Assert.Null(selector.OnFailure(0, T0));
        Assert.Equal(10, selector.ConsecutiveFailures(0));
        Assert.Equal([0, 1, 2], selector.Targets());
        Assert.Null(selector.Tick(T0.AddDays(1)));
        Assert.All(Enumerable.Range(0, 3), i => Assert.True(selector.IsActive(i)));
    }
}
