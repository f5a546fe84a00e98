using Gtp.Firewall.Inspection;
using Gtp.Firewall.Tests.Support;
using static Gtp.Firewall.Tests.Support.Scenario;

namespace Gtp.Firewall.Tests;

/// <summary>Mutation fuzzing: valid GTP packets with random bit flips, byte overwrites, truncations and extensions.</summary>
public class FuzzTests
{
    private static List<byte[]> Seeds()
    {
        const string sgsn = V1Flow.Sgsn;
        const string ggsn = V1Flow.Ggsn;
        return
        [
            Ip.Udp(sgsn, ggsn, 2123, 2123, V1Flow.CreatePdpRequest()),
            Ip.Udp(ggsn, sgsn, 2123, 2123, V1Flow.CreatePdpResponse()),
            Ip.Udp(sgsn, ggsn, 2123, 2123, V1Flow.UpdatePdpRequest(YvSgw2)),
            Ip.Udp(ggsn, sgsn, 2152, 2152, Gtp1.GPduWithExtension(V1Flow.SgsnTeidU, Harness.InnerPacket(40))),
            Ip.Udp(sgsn, ggsn, 2152, 2152, Gtp1.GPduWithSequence(V1Flow.GgsnTeidU, 4, Harness.InnerPacket(40))),
            Ip.Udp(ggsn, sgsn, 2152, 2152, Gtp1.UserMessage(26, 0, Gtp1.TeidDataI(0x99), Gtp1.GsnAddress(ggsn))),
            Ip.Udp(ZvSgw1, YvSgw1, 2123, 2123, Gtp1.Control(51, 0x51, 40, Gtp1.Cause(128), Gtp1.Imsi(Imsi),
                Gtp1.PdpContext(5, 1, 2, "100.64.0.7", XhPgw, XhPgw), Gtp1.GsnAddress(YvSgw1))),
            Ip.Udp(YvSgw1, XhPgw, 2123, 2123, V2Flow.CreateSessionRequest(YvSgw1)),
            Ip.Udp(XhPgw, YvSgw1, 2123, 2123, V2Flow.CreateSessionResponse()),
            Ip.Udp(ZvSgw1, XhPgw, 2123, 2123, V2Flow.ModifyBearerRequest(ZvSgw1)),
            Ip.Udp(YvMme1, ZvMme1, 2123, 2123, Gtp2.Message(131, 0xA1, 70, Gtp2.Cause(16), Gtp2.Imsi(Imsi),
                Gtp2.PdnConnection(0, Gtp2.FTeid(0, 7, 1, XhPgw), Gtp2.BearerContext(0, Gtp2.Ebi(5), Gtp2.FTeid(0, 1, 2, YvSgw1))))),
            Ip.Udp(YvSgw1, XhPgw, 3386, 3386, Gtp0.Message(16, 1, 0, Gtp0.Tid(Imsi, 5), Gtp0.QoS(), Gtp0.FlowLabelDataI(1), Gtp1.GsnAddress(YvSgw1))),
            Ip.Udp(YvSgw1, XhPgw, 3386, 3386, Gtp0.Message(255, 1, 0, Gtp0.Tid(Imsi, 5), Harness.InnerPacket(30))),
            Ip.V6("2001:db8:2::10", "2001:db8:1::2", Ip.UdpSegment(2152, 2152, Gtp1.GPdu(7, Harness.InnerPacket(30)))),
            Ip.V6Fragment("2001:db8:2::10", "2001:db8:1::2", Ip.UdpSegment(2152, 2152, Gtp1.GPdu(7, Harness.InnerPacket(64))), 1, 0, more: true),
            .. Ip.V4Fragments(sgsn, ggsn, Ip.UdpSegment(2152, 2152, Gtp1.GPdu(V1Flow.GgsnTeidU, Harness.InnerPacket(300))), 128),
        ];
    }

    [Fact]
    public void AHundredThousandMutatedPacketsNeverThrow()
    {
        var h = new Harness();
        V1Flow.Establish(h);
        V2Flow.Establish(h);
        var seeds = Seeds();
        var random = new Random(20261122);
        var verdicts = new int[4];
        const int iterations = 120_000;
        for (var i = 0; i < iterations; i++)
        {
            var packet = Mutate(seeds[random.Next(seeds.Count)], random);
            h.Now = h.Now.AddMilliseconds(random.Next(0, 50));
            var result = h.Engine.Inspect(packet, h.Now);
            verdicts[(int)result.Verdict]++;
        }
        Assert.Equal(iterations, verdicts.Sum());
        Assert.True(verdicts[(int)Verdict.Drop] > 1000, "mutations should mostly be caught");
        Assert.True(verdicts[(int)Verdict.Permit] > 100, "some mutations should remain valid");
        Assert.True(h.Engine.Reassembler.InProgress <= h.Engine.Reassembler.MaxDatagrams);
    }

    private static byte[] Mutate(byte[] seed, Random random)
    {
        var packet = (byte[])seed.Clone();
        switch (random.Next(6))
        {
            case 0:
                for (var n = random.Next(1, 4); n > 0; n--)
                {
                    packet[random.Next(packet.Length)] ^= (byte)(1 << random.Next(8));
                }
                return packet;
            case 1:
                // Overwrite a byte beyond the IP/UDP headers (where GTP lengths and IE types are).
                packet[random.Next(Math.Min(28, packet.Length - 1), packet.Length)] = (byte)random.Next(256);
                return packet;
            case 2:
                return packet[..random.Next(packet.Length)];
            case 3:
            {
                var extended = new byte[packet.Length + random.Next(1, 32)];
                packet.CopyTo(extended, 0);
                random.NextBytes(extended.AsSpan(packet.Length));
                return extended;
            }
            case 4:
                // Corrupt a length field at a GTP offset and fix nothing else.
                var at = Math.Min(packet.Length - 1, 28 + random.Next(0, 16));
                packet[at] = (byte)random.Next(256);
                return packet;
            default:
                random.NextBytes(packet.AsSpan(Math.Min(28, packet.Length)));
                return packet;
        }
    }
}
