using Gtp.Firewall.Gtp;
using Gtp.Firewall.Limits;

namespace Gtp.Firewall.Tests.Limits;

public class RateLimitTests
{
    [Fact]
    public void WithoutMessageTypesEveryControlMessageCounts()
    {
        var limit = new RateLimit(1, 2);
        Assert.True(limit.AllMessages);
        Assert.True(limit.Applies(GtpProtocol.V1Control, 1));
        Assert.True(limit.Applies(GtpProtocol.V2Control, 32));
    }

    [Fact]
    public void ListedTypesCountPerVersion()
    {
        var limit = new RateLimit(0, 5, v1: [16], v2: [32, 255]);
        Assert.True(limit.Applies(GtpProtocol.V1Control, 16));
        Assert.False(limit.Applies(GtpProtocol.V0, 16));
        Assert.False(limit.Applies(GtpProtocol.V1Control, 32));
        Assert.True(limit.Applies(GtpProtocol.V2Control, 32));
        Assert.True(limit.Applies(GtpProtocol.V2Control, 255));
        Assert.False(limit.Applies(GtpProtocol.V2Control, 33));
        Assert.False(limit.Applies(GtpProtocol.V1User, 255));
    }
}
