using Cgf.Server.Configuration;

namespace Cgf.Server.Tests.Configuration;

public sealed class LimitsOptionsValidatorTests
{
    [Fact]
    public void TheDefaultsAreValid()
    {
        Assert.True(new LimitsOptionsValidator().Validate(null, new CgfOptions()).Succeeded);
    }

    public static TheoryData<Action<LimitsOptions>, string> BadValues => new()
    {
        { l => l.TrackedSources = 0, "Cgf:Limits:TrackedSources 0 is not in 16-1000000" },
        { l => l.TcpBufferedOctets = 65556, "Cgf:Limits:TcpBufferedOctets 65556 is not in 64-65555 (the largest GTP' message)" },
        { l => l.TcpConnectionsPerPeer = 300, "Cgf:Limits:TcpConnectionsPerPeer 300 is not in 1-Cgf:Limits:TcpConnections" },
        { l => l.TcpIncompleteFrameTimeout = TimeSpan.FromMinutes(11), "Cgf:Limits:TcpIncompleteFrameTimeout 00:11:00 is not in 00:00:00.1-Cgf:Limits:TcpIdleTimeout" },
        { l => l.TcpQueuedResponseOctets = 100, "Cgf:Limits:TcpQueuedResponseOctets 100 is not in 4096-67108864" },
        { l => l.LogInterval = TimeSpan.Zero, "Cgf:Limits:LogInterval 00:00:00 is not in 00:00:00.1-1.00:00:00" },
    };

    [Theory]
    [MemberData(nameof(BadValues))]
    public void ABadValueIsOneLineNamingItsKey(Action<LimitsOptions> change, string expected)
    {
        var options = new CgfOptions();
        change(options.Limits);

        var result = new LimitsOptionsValidator().Validate(null, options);

        Assert.Equal([expected], result.Failures!);
    }
}
