using Gtp.Firewall.Inspection;
using Gtp.Firewall.Tests.Support;
using static Gtp.Firewall.Tests.Support.V1Flow;

namespace Gtp.Firewall.Tests;

public class BatchInspectionTests
{
    [Fact]
    public void InspectBatchGivesTheSameVerdictsAsInspect()
    {
        var packets = new List<byte[]>();
        for (var i = 0; i < 40; i++)
        {
            packets.Add((i % 5) switch
            {
                0 => Ip.Udp(Sgsn, Ggsn, 2152, 2152, Gtp1.GPdu(GgsnTeidU, Harness.InnerPacket())),
                1 => Ip.Udp(Ggsn, Sgsn, 2152, 2152, Gtp1.GPdu(SgsnTeidU, Harness.InnerPacket())),
                2 => Ip.Udp(Sgsn, Ggsn, 2152, 2152, Gtp1.GPdu(0xBAD, Harness.InnerPacket())),
                3 => Ip.Udp(Sgsn, Ggsn, 2123, 2123, Gtp1.Control(1, 0, i, Gtp1.Recovery(1))),
                _ => new byte[] { 0x45, 0, 0 },
            });
        }
        var single = new Harness();
        Establish(single);
        var expected = packets.Select(p => single.Packet(p)).ToArray();

        var batched = new Harness();
        Establish(batched);
        var buffer = packets.SelectMany(p => p).ToArray();
        var refs = new PacketRef[packets.Count];
        var offset = 0;
        for (var i = 0; i < packets.Count; i++)
        {
            refs[i] = new PacketRef(offset, packets[i].Length, batched.Now.Ticks);
            offset += packets[i].Length;
        }
        var results = new InspectionResult[packets.Count];
        batched.Engine.InspectBatch(buffer, refs, results);
        Assert.Equal(expected, results);
        Assert.Equal(single.SingleContext().Usage, batched.SingleContext().Usage);
    }
}
