using Gtp.Firewall.Inspection;
using Gtp.Firewall.Tests.Support;
using static Gtp.Firewall.Tests.Support.Scenario;

namespace Gtp.Firewall.Tests;

/// <summary>
/// Random but well-formed signalling between the scenario nodes with small pools of IMSIs, TEIDs and sequence
/// numbers, so that creates, updates, deletes, handovers, restarts and forwarding tunnels collide. Checks that
/// nothing throws and that the tunnel index never points at a freed tunnel.
/// </summary>
public class StatefulFuzzTests
{
    private static readonly string[] Serving = [YvSgw1, YvSgw2, ZvSgw1, YvMme1, ZvMme1];
    private static readonly string[] Imsis = ["001010000000001", "001010000000002", "001010000000003"];

    [Fact]
    public void RandomSignallingKeepsTheTunnelTableConsistent()
    {
        var o = WithSecondGroup(Options());
        o.Policies.Add(new() { Name = "h-intra", FromZone = "hplmn", ToZone = "hplmn", SourceAddresses = ["any"], DestinationAddresses = ["any"], Applications = ["junos-gprs-gtp"], Action = "permit", GtpProfile = "Scenario-1" });
        var h = new Harness(o);
        var random = new Random(7);
        var permitted = 0;
        for (var i = 0; i < 60_000; i++)
        {
            var serving = Serving[random.Next(Serving.Length)];
            var other = Serving[random.Next(Serving.Length)];
            var imsi = Imsis[random.Next(Imsis.Length)];
            var seq = random.Next(1, 6);
            var teid = (uint)random.Next(1, 9);
            var nsapi = random.Next(5, 8);
            h.Now = h.Now.AddSeconds(random.Next(0, 3));
            var (src, dst, port, gtp) = random.Next(18) switch
            {
                0 => (serving, XhPgw, 2123, Gtp1.Control(16, 0, seq, Gtp1.Imsi(imsi), Gtp1.Recovery(random.Next(2)), Gtp1.TeidDataI(teid), Gtp1.TeidControl(teid + 10), Gtp1.Nsapi(nsapi), Gtp1.GsnAddress(serving), Gtp1.GsnAddress(serving))),
                1 => (XhPgw, serving, 2123, Gtp1.Control(17, teid + 10, seq, Gtp1.Cause(128), Gtp1.TeidDataI(teid + 20), Gtp1.TeidControl(teid + 30), Gtp1.GsnAddress(XhPgw), Gtp1.GsnAddress(XhPgw))),
                2 => (serving, XhPgw, 2123, Gtp1.Control(18, teid + 30, seq, Gtp1.TeidDataI(teid), Gtp1.TeidControl(teid + 10), Gtp1.Nsapi(nsapi), Gtp1.GsnAddress(serving), Gtp1.GsnAddress(serving))),
                3 => (XhPgw, serving, 2123, Gtp1.Control(19, teid + 10, seq, Gtp1.Cause(128))),
                4 => (serving, XhPgw, 2123, Gtp1.Control(20, teid + 30, seq, Gtp1.Nsapi(nsapi))),
                5 => (XhPgw, serving, 2123, Gtp1.Control(21, teid + 10, seq, Gtp1.Cause(128))),
                6 => (serving, other, 2123, Gtp1.Control(50, 0, seq, Gtp1.Imsi(imsi), Gtp1.TeidControl(teid), Gtp1.GsnAddress(serving))),
                7 => (other, serving, 2123, Gtp1.Control(51, teid, seq, Gtp1.Cause(128), Gtp1.Imsi(imsi), Gtp1.PdpContext(nsapi, teid + 30, teid + 20, "100.64.0.1", XhPgw, XhPgw))),
                8 => (serving, other, 2123, Gtp1.Control(52, teid, seq, Gtp1.Cause(128), Gtp1.TeidDataII(nsapi, teid + 40), Gtp1.GsnAddress(serving))),
                9 => (serving, XhPgw, 2123, Gtp2.Message(32, 0, (uint)seq, Gtp2.Imsi(imsi), Gtp2.FTeid(0, 6, teid, serving), Gtp2.BearerContext(0, Gtp2.Ebi(nsapi), Gtp2.FTeid(2, 4, teid + 50, serving)))),
                10 => (XhPgw, serving, 2123, Gtp2.Message(33, teid, (uint)seq, Gtp2.Cause(16), Gtp2.FTeid(0, 7, teid + 60, XhPgw), Gtp2.BearerContext(0, Gtp2.Ebi(nsapi), Gtp2.FTeid(2, 5, teid + 70, XhPgw)))),
                11 => (serving, XhPgw, 2123, Gtp2.Message(34, teid + 60, (uint)seq, Gtp2.FTeid(0, 6, teid, serving), Gtp2.BearerContext(0, Gtp2.Ebi(nsapi), Gtp2.FTeid(1, 4, teid + 50, serving)))),
                12 => (XhPgw, serving, 2123, Gtp2.Message(35, teid, (uint)seq, Gtp2.Cause(16))),
                13 => (serving, XhPgw, 2123, Gtp2.Message(36, teid + 60, (uint)seq, Gtp2.Ebi(nsapi))),
                14 => (XhPgw, serving, 2123, Gtp2.Message(37, teid, (uint)seq, Gtp2.Cause(16))),
                15 => (serving, other, 2123, Gtp2.Message(132, teid, (uint)seq, Gtp2.Cause(16), Gtp2.BearerContext(0, Gtp2.Ebi(nsapi), Gtp2.FTeid(0, 23, teid + 80, serving)))),
                16 => (serving, XhPgw, 2152, Gtp1.GPdu(teid + 20 + (uint)random.Next(2) * 50, Harness.InnerPacket(40))),
                _ => (other, serving, 2152, random.Next(2) == 0 ? Gtp1.UserMessage(254, teid + 40) : Gtp1.GPdu(teid + 40, Harness.InnerPacket(40))),
            };
            if (h.Packet(Ip.Udp(src, dst, port, port, gtp)).Permitted)
            {
                permitted++;
            }
            if (i % 1000 == 0)
            {
                Assert.Equal(0, h.Engine.Tunnels.DanglingIndexEntries());
            }
        }
        Assert.Equal(0, h.Engine.Tunnels.DanglingIndexEntries());
        Assert.True(permitted > 10_000);
        Assert.True(h.Engine.Counters.TunnelsCreated > 100);
        Assert.True(h.Engine.Counters.HandoverDenied > 0 && h.Engine.Counters.HandoverAllowed > 0);
    }
}
