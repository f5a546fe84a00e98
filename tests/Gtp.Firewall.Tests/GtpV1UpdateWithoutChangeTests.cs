using Gtp.Firewall.Inspection;
using Gtp.Firewall.Tests.Support;

namespace Gtp.Firewall.Tests;

public class GtpV1UpdateWithoutChangeTests
{
    [Fact]
    public void AnUpdateThatChangesNoEndpointRaisesNoUpdatedEvent()
    {
        var h = new Harness();
        V1Flow.Establish(h);
        var same = Gtp1.Control(18, V1Flow.GgsnTeidC, 7, Gtp1.TeidDataI(V1Flow.SgsnTeidU), Gtp1.TeidControl(V1Flow.SgsnTeidC), Gtp1.Nsapi(5),
            Gtp1.GsnAddress(V1Flow.Sgsn), Gtp1.GsnAddress(V1Flow.Sgsn));
        Assert.Equal(Verdict.Permit, h.Control(V1Flow.Sgsn, V1Flow.Ggsn, same).Verdict);
        Assert.Equal(Verdict.Permit, h.Control(V1Flow.Ggsn, V1Flow.Sgsn, Gtp1.Control(19, V1Flow.SgsnTeidC, 7, Gtp1.Cause(128))).Verdict);
        Assert.DoesNotContain(h.Events, e => e.Event == "updated");
        Assert.Equal(0, h.Engine.Counters.HandoverAllowed);
    }

    [Fact]
    public void ExtremeTimestampsDoNotThrow()
    {
        var h = new Harness();
        var packet = Ip.Udp(V1Flow.Sgsn, V1Flow.Ggsn, 2152, 2152, Gtp1.GPdu(0xBAD, Harness.InnerPacket()));
        Assert.Equal(DropReason.NoTunnel, h.Engine.Inspect(packet, long.MaxValue).Reason);
        Assert.Equal(DropReason.NoTunnel, h.Engine.Inspect(packet, long.MinValue).Reason);
    }
}
