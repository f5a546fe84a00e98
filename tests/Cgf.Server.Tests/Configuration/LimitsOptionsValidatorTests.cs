using Cgf.Server.Configuration;

namespace Cgf.Server.Tests.Configuration;

public sealed class LimitsOptionsValidatorTests
{
    [Fact]
    public void TheDefaultsAreValid()
    {
        Assert.True(new LimitsOptionsValidator().Validate(null, new CgfOptions()).Succeeded);
    }

    [Theory]
    [InlineData(nameof(LimitsOptions.TrackedSources), "Cgf:Limits:TrackedSources 0 is not in 16-1000000")]
    [InlineData(nameof(LimitsOptions.TcpBufferedOctets), "Cgf:Limits:TcpBufferedOctets 65556 is not in 64-65555 (the largest GTP' message)")]
    [InlineData(nameof(LimitsOptions.TcpConnectionsPerPeer), "Cgf:Limits:TcpConnectionsPerPeer 300 is not in 1-Cgf:Limits:TcpConnections")]
    [InlineData(nameof(LimitsOptions.TcpIncompleteFrameTimeout), "Cgf:Limits:TcpIncompleteFrameTimeout 00:11:00 is not in 00:00:00.1-Cgf:Limits:TcpIdleTimeout")]
    [InlineData(nameof(LimitsOptions.TcpQueuedResponseOctets), "Cgf:Limits:TcpQueuedResponseOctets 100 is not in 4096-67108864")]
    public void ABadValueIsOneLineNamingItsKey(string property, string expected)
    {
        var options = new CgfOptions();
        switch (property)
        {
            case nameof(LimitsOptions.TrackedSources): options.Limits.TrackedSources = 0; break;
            case nameof(LimitsOptions.TcpBufferedOctets): options.Limits.TcpBufferedOctets = 65556; break;
            case nameof(LimitsOptions.TcpConnectionsPerPeer): options.Limits.TcpConnectionsPerPeer = 300; break;
            case nameof(LimitsOptions.TcpIncompleteFrameTimeout): options.Limits.TcpIncompleteFrameTimeout = TimeSpan.FromMinutes(11); break;
            case nameof(LimitsOptions.TcpQueuedResponseOctets): options.Limits.TcpQueuedResponseOctets = 100; break;
        }

        var result = new LimitsOptionsValidator().Validate(null, options);

        Assert.Equal([expected], result.Failures!);
    }
}
