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

/// <summary>GTPv1 Gn PDP context set-up between a visited SGSN and the home GGSN (TS 29.060 §7.3).</summary>
internal static class V1Flow
{
    public const string Sgsn = Scenario.YvSgw1;
    public const string NewSgsn = Scenario.YvSgw2;
    public const string Ggsn = Scenario.XhPgw;
    public const uint SgsnTeidC = 0x11;
    public const uint SgsnTeidU = 0x12;
    public const uint GgsnTeidC = 0x21;
    public const uint GgsnTeidU = 0x22;

    public static byte[] CreatePdpRequest(string sgsn = Sgsn, int seq = 1) => Gtp1.Control(16, 0, seq,
        Gtp1.Imsi(Scenario.Imsi), Gtp1.Recovery(1), Gtp1.TeidDataI(SgsnTeidU), Gtp1.TeidControl(SgsnTeidC), Gtp1.Nsapi(5),
        Gtp1.EndUserDynamic(), Gtp1.Apn("internet.mnc001.mcc001.gprs"), Gtp1.GsnAddress(sgsn), Gtp1.GsnAddress(sgsn));

    public static byte[] CreatePdpResponse(int seq = 1, int cause = 128) => Gtp1.Control(17, SgsnTeidC, seq,
        Gtp1.Cause(cause), Gtp1.TeidDataI(GgsnTeidU), Gtp1.TeidControl(GgsnTeidC),
        Gtp1.EndUserIPv4("100.64.0.9"), Gtp1.GsnAddress(Ggsn), Gtp1.GsnAddress(Ggsn));

    public static byte[] UpdatePdpRequest(string newSgsn, int seq = 2, uint teidC = 0x31, uint teidU = 0x32) => Gtp1.Control(18, GgsnTeidC, seq,
        Gtp1.TeidDataI(teidU), Gtp1.TeidControl(teidC), Gtp1.Nsapi(5), Gtp1.GsnAddress(newSgsn), Gtp1.GsnAddress(newSgsn));

    public static byte[] UpdatePdpResponse(int seq = 2, uint teidC = 0x31) => Gtp1.Control(19, teidC, seq,
        Gtp1.Cause(128), Gtp1.TeidDataI(GgsnTeidU), Gtp1.TeidControl(GgsnTeidC), Gtp1.GsnAddress(Ggsn), Gtp1.GsnAddress(Ggsn));

    public static void Establish(Harness h, string sgsn = Sgsn)
    {
        Assert.Equal(Verdict.Permit, h.Control(sgsn, Ggsn, CreatePdpRequest(sgsn)).Verdict);
        Assert.Equal(Verdict.Permit, h.Control(Ggsn, sgsn, CreatePdpResponse()).Verdict);
    }
}
