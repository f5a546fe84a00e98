using Storage.Cgf.Writer;

namespace Cgf.Server.Tests.Writer;

public sealed class CommitBackoffTests
{
    [Theory]
    [InlineData(0, 50)]
    [InlineData(50, 100)]
    [InlineData(800, 1600)]
    [InlineData(1600, 2000)]
    [InlineData(2000, 2000)]
    public void ThePauseDoublesFrom50MsUpTo2S(int currentMs, int nextMs) =>
        Assert.Equal(TimeSpan.FromMilliseconds(nextMs), CommitBackoff.Next(TimeSpan.FromMilliseconds(currentMs)));
}
