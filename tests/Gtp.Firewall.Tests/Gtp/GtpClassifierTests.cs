using Gtp.Firewall.Gtp;

namespace Gtp.Firewall.Tests.Gtp;

public class GtpClassifierTests
{
    [Theory]
    [InlineData(40000, 2152, "30", GtpProtocol.V1User)]
    [InlineData(2152, 40000, "30", GtpProtocol.V1User)]       // a reply: the source port decides
    [InlineData(40000, 2123, "32", GtpProtocol.V1Control)]    // version 1
    [InlineData(40000, 2123, "48", GtpProtocol.V2Control)]    // version 2
    [InlineData(2123, 40000, "48", GtpProtocol.V2Control)]
    [InlineData(40000, 2123, "", GtpProtocol.V1Control)]      // empty: not v2
    [InlineData(40000, 3386, "1e", GtpProtocol.V0)]           // PT = 1
    [InlineData(40000, 3386, "0e", GtpProtocol.GtpPrime)]     // PT = 0
    [InlineData(3386, 2152, "30", GtpProtocol.V1User)]        // the destination port wins
    [InlineData(40000, 53, "30", GtpProtocol.NotGtp)]
    public void ClassifiesByPortThenFirstOctet(int sourcePort, int destinationPort, string firstOctet, GtpProtocol expected)
        => Assert.Equal(expected, GtpClassifier.Classify((ushort)sourcePort, (ushort)destinationPort, Convert.FromHexString(firstOctet)));
}
