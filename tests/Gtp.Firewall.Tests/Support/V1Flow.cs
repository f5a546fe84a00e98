using Gtp.Firewall.Inspection;

namespace Gtp.Firewall.Tests.Support;

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
