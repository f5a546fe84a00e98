using Gtp.Firewall.Inspection;

namespace Gtp.Firewall.Tests.Support;

/// <summary>GTPv2 S5/S8 session set-up between a visited SGW and the home PGW (TS 29.274 §7.2).</summary>
internal static class V2Flow
{
    public const uint SgwTeidC = 0x1000;
    public const uint SgwTeidU = 0x2000;
    public const uint PgwTeidC = 0x3000;
    public const uint PgwTeidU = 0x4000;
    public const uint NewSgwTeidC = 0x1100;
    public const uint NewSgwTeidU = 0x2100;

    public static byte[] CreateSessionRequest(string sgw, uint seq = 1) => Gtp2.Message(32, 0, seq,
        Gtp2.Imsi(Scenario.Imsi),
        Gtp2.FTeid(0, 6, SgwTeidC, sgw),                                 // Sender F-TEID: S5/S8 SGW GTP-C
        Gtp2.Apn("ims"),
        Gtp2.PaaIPv4("100.64.0.1"),
        Gtp2.BearerContext(0, Gtp2.Ebi(5), Gtp2.FTeid(2, 4, SgwTeidU, sgw)), // S5/S8-U SGW F-TEID (inst 2)
        Gtp2.Recovery(7));

    public static byte[] CreateSessionResponse(uint seq = 1, int cause = 16) => Gtp2.Message(33, SgwTeidC, seq,
        Gtp2.Cause(cause),
        Gtp2.FTeid(0, 7, PgwTeidC, Scenario.XhPgw),                      // Sender F-TEID: S5/S8 PGW GTP-C
        Gtp2.PaaIPv4("100.64.0.1"),
        Gtp2.BearerContext(0, Gtp2.Ebi(5), Gtp2.Cause(16), Gtp2.FTeid(2, 5, PgwTeidU, Scenario.XhPgw)));

    public static byte[] ModifyBearerRequest(string newSgw, uint seq = 2) => Gtp2.Message(34, PgwTeidC, seq,
        Gtp2.FTeid(0, 6, NewSgwTeidC, newSgw),
        Gtp2.BearerContext(0, Gtp2.Ebi(5), Gtp2.FTeid(1, 4, NewSgwTeidU, newSgw)));

    public static byte[] ModifyBearerResponse(uint seq = 2) => Gtp2.Message(35, NewSgwTeidC, seq,
        Gtp2.Cause(16),
        Gtp2.BearerContext(0, Gtp2.Ebi(5), Gtp2.Cause(16)));

    public static void Establish(Harness h, string sgw = Scenario.YvSgw1)
    {
        Assert.Equal(Verdict.Permit, h.Control(sgw, Scenario.XhPgw, CreateSessionRequest(sgw)).Verdict);
        Assert.Equal(Verdict.Permit, h.Control(Scenario.XhPgw, sgw, CreateSessionResponse()).Verdict);
    }

    public static InspectionResult Uplink(Harness h, string from) => h.User(from, Scenario.XhPgw, Gtp1.GPdu(PgwTeidU, Harness.InnerPacket()));
}
