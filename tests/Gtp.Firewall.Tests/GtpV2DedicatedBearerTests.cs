using Gtp.Firewall.Inspection;
using Gtp.Firewall.Tests.Support;
using static Gtp.Firewall.Tests.Support.Scenario;

namespace Gtp.Firewall.Tests;

public class GtpV2DedicatedBearerTests
{
    [Fact]
    public void CreateBearerAddsADedicatedBearerToTheSessionOnTheAcceptedResponse()
    {
        var h = new Harness();
        V2Flow.Establish(h);
        var request = Gtp2.Message(95, V2Flow.SgwTeidC, 20, Gtp2.Ebi(5),
            Gtp2.BearerContext(0, Gtp2.Ebi(0), Gtp2.FTeid(1, 5, 0x4100, XhPgw)));
        Assert.Equal(Verdict.Permit, h.Control(XhPgw, YvSgw1, request).Verdict);
        var response = Gtp2.Message(96, V2Flow.PgwTeidC, 20, Gtp2.Cause(16),
            Gtp2.BearerContext(0, Gtp2.Ebi(6), Gtp2.Cause(16), Gtp2.FTeid(2, 4, 0x2200, YvSgw1), Gtp2.FTeid(3, 5, 0x4100, XhPgw)));
        Assert.Equal(Verdict.Permit, h.Control(YvSgw1, XhPgw, response).Verdict);
        Assert.Equal(2, h.Engine.Tunnels.ContextCount);
        Assert.Equal(Verdict.Permit, h.User(YvSgw1, XhPgw, Gtp1.GPdu(0x4100, Harness.InnerPacket())).Verdict);
        Assert.Equal(Verdict.Permit, h.User(XhPgw, YvSgw1, Gtp1.GPdu(0x2200, Harness.InnerPacket())).Verdict);

        // Delete Session removes the default and the dedicated bearer.
        h.Control(YvSgw1, XhPgw, Gtp2.Message(36, V2Flow.PgwTeidC, 21, Gtp2.Ebi(5)));
        h.Control(XhPgw, YvSgw1, Gtp2.Message(37, V2Flow.SgwTeidC, 21, Gtp2.Cause(16)));
        Assert.Equal(0, h.Engine.Tunnels.Count);
    }
}
