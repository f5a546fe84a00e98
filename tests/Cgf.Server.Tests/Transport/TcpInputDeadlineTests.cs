using Cgf.Server.Transport;

namespace Cgf.Server.Tests.Transport;

public sealed class TcpInputDeadlineTests
{
    private static readonly TimeSpan Idle = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan Incomplete = TimeSpan.FromSeconds(30);

    [Fact]
    public void WithNoPartialMessageTheIdleTimeoutCountsFromTheLastOctets()
    {
        Assert.Equal(new TcpInputDeadline(5_000 + 600_000, TcpLimit.Idle), TcpInputDeadline.Next(5_000, null, Idle, Incomplete));
    }

    [Fact]
    public void APartialMessageIsTimedFromItsFirstOctetNotFromTheLatest()
    {
        // A peer trickling one octet every few seconds: the last octet at 29 s does not move the deadline from 30 s.
        Assert.Equal(new TcpInputDeadline(30_000, TcpLimit.IncompleteFrame), TcpInputDeadline.Next(29_000, 0, Idle, Incomplete));
    }

    [Fact]
    public void TheEarlierDeadlineWins()
    {
        Assert.Equal(new TcpInputDeadline(1_000 + 20_000, TcpLimit.Idle),
            TcpInputDeadline.Next(1_000, 0, TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(30)));
    }
}
