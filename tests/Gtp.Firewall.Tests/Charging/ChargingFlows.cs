using Gtp.Firewall.Inspection;
using Gtp.Firewall.Tests.Support;

namespace Gtp.Firewall.Tests.Charging;

/// <summary>PDP contexts and EPS bearers with Charging IDs, their traffic and their deletion, for the charging tests.</summary>
internal static class ChargingFlows
{
    public const uint V1ChargingId = 0x0102_0304;
    public const uint V2ChargingId = 0x8000_0001;

    // TS 29.060 §7.3.2: Charging ID (127, TV) sits between TEID-C (17) and End User Address (128).
    public static byte[] CreatePdpResponseWithChargingId(int seq = 1) => Gtp1.Control(17, V1Flow.SgsnTeidC, seq,
        Gtp1.Cause(128), Gtp1.TeidDataI(V1Flow.GgsnTeidU), Gtp1.TeidControl(V1Flow.GgsnTeidC),
        new ByteBuilder().U8(127).U32(V1ChargingId), Gtp1.EndUserIPv4("100.64.0.9"), Gtp1.GsnAddress(V1Flow.Ggsn), Gtp1.GsnAddress(V1Flow.Ggsn));

    // TS 29.274 §7.2.2: the bearer context created carries the PGW's Charging ID (94).
    public static byte[] CreateSessionResponseWithChargingId(uint seq = 1) => Gtp2.Message(33, V2Flow.SgwTeidC, seq,
        Gtp2.Cause(16),
        Gtp2.FTeid(0, 7, V2Flow.PgwTeidC, Scenario.XhPgw),
        Gtp2.PaaIPv4("100.64.0.1"),
        Gtp2.BearerContext(0, Gtp2.Ebi(5), Gtp2.Cause(16), Gtp2.FTeid(2, 5, V2Flow.PgwTeidU, Scenario.XhPgw),
            Gtp2.Ie(94, 0, new ByteBuilder().U32(V2ChargingId))));

    public static void EstablishV1(Harness h, string sgsn = V1Flow.Sgsn)
    {
        Assert.Equal(Verdict.Permit, h.Control(sgsn, V1Flow.Ggsn, V1Flow.CreatePdpRequest(sgsn)).Verdict);
        Assert.Equal(Verdict.Permit, h.Control(V1Flow.Ggsn, sgsn, CreatePdpResponseWithChargingId()).Verdict);
    }

    public static void EstablishV2(Harness h, string sgw = Scenario.YvSgw1)
    {
        Assert.Equal(Verdict.Permit, h.Control(sgw, Scenario.XhPgw, V2Flow.CreateSessionRequest(sgw)).Verdict);
        Assert.Equal(Verdict.Permit, h.Control(Scenario.XhPgw, sgw, CreateSessionResponseWithChargingId()).Verdict);
    }

    /// <summary>Uplink G-PDUs on the GGSN/PGW user TEID (v1 and v2 use the same GTP-U); <paramref name="size"/> = T-PDU octets.</summary>
    public static void Uplink(Harness h, string from, uint anchorTeid, int count, int size = 100)
    {
        for (var i = 0; i < count; i++)
            Assert.Equal(Verdict.Permit, h.User(from, Scenario.XhPgw, Gtp1.GPdu(anchorTeid, Harness.InnerPacket(size))).Verdict);
    }

    public static void Downlink(Harness h, string to, uint servingTeid, int count, int size = 100)
    {
        for (var i = 0; i < count; i++)
            Assert.Equal(Verdict.Permit, h.User(Scenario.XhPgw, to, Gtp1.GPdu(servingTeid, Harness.InnerPacket(size))).Verdict);
    }

    public static void DeleteV1(Harness h, string sgsn = V1Flow.Sgsn, uint sgsnTeidC = V1Flow.SgsnTeidC, int seq = 3)
    {
        Assert.Equal(Verdict.Permit, h.Control(sgsn, V1Flow.Ggsn, Gtp1.Control(20, V1Flow.GgsnTeidC, seq, Gtp1.Nsapi(5))).Verdict);
        Assert.Equal(Verdict.Permit, h.Control(V1Flow.Ggsn, sgsn, Gtp1.Control(21, sgsnTeidC, seq, Gtp1.Cause(128))).Verdict);
    }

    public static void DeleteV2(Harness h, string sgw = Scenario.YvSgw1, uint seq = 9)
    {
        Assert.Equal(Verdict.Permit, h.Control(sgw, Scenario.XhPgw, Gtp2.Message(36, V2Flow.PgwTeidC, seq, Gtp2.Ebi(5))).Verdict);
        Assert.Equal(Verdict.Permit, h.Control(Scenario.XhPgw, sgw, Gtp2.Message(37, V2Flow.SgwTeidC, seq, Gtp2.Cause(16))).Verdict);
    }
}
