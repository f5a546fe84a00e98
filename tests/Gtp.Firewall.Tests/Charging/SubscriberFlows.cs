using Gtp.Firewall.Inspection;
using Gtp.Firewall.Tests.Support;

namespace Gtp.Firewall.Tests.Charging;

/// <summary>
/// Create PDP Context / Create Session messages carrying every IE billing rates on, written in hex from TS 29.060
/// §7.7 and TS 29.274 §8, and the updates that change them.
/// </summary>
internal static class SubscriberFlows
{
    public const string Msisdn = "46701234567";
    public const string Imeisv = "3516010021436587";
    public const string PgwS5 = "192.0.2.7";
    public const string Uli2 = "18 62F210 0001 62F210 00000101";   // TAI + ECGI flags, TAI (MCC 262 MNC 01, TAC 1), ECGI 257
    public const string Uli2Moved = "18 62F210 0002 62F210 00000202";
    // Bearer QoS (§8.15): PCI/PL/PVI 0x48, QCI 9, MBR UL/DL 1000/2000 kbit/s, GBR 0.
    public const string Qos9 = "48 09 00000003E8 00000007D0 0000000000 0000000000";
    public const string Qos8 = "48 08 00000003E8 00000007D0 0000000000 0000000000";

    private static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", ""));

    /// <summary>Create Session Request on S11 (§7.2.1): MME sender F-TEID (type 10) with IPv4 and IPv6, the PGW S5/S8-C F-TEID (inst 1).</summary>
    public static byte[] CreateSessionRequestS11(string mme, uint seq = 1, bool s11 = true) => Gtp2.Message(32, 0, seq,
        Gtp2.Imsi(Scenario.Imsi),
        Hex("4C 0006 00 640721436 5F7"),                                 // MSISDN 46701234567
        Hex("4B 0008 00 5361100012345678"),                             // MEI (IMEISV) 3516010021436587
        Hex("56 000D 00" + Uli2.Replace(" ", "")),                    // ULI TAI + ECGI
        Hex("53 0003 00 62F210"),                                       // Serving Network 262-01
        Hex("52 0001 00 06"),                                           // RAT Type EUTRAN
        new ByteBuilder().U8(87).U16(25).U8(0).U8(0xC0 | (s11 ? 10 : 6)).U32(V2Flow.SgwTeidC).Ip(mme).Ip("2001:db8::a"), // Sender F-TEID v4+v6
        new ByteBuilder().U8(87).U16(25).U8(1).U8(0xC7).U32(0).Ip(PgwS5).Ip("2001:db8::7"), // PGW S5/S8-C F-TEID, inst 1
        Gtp2.Apn("ims"),
        Hex("80 0001 00 FD"),                                           // Selection Mode 1 (spare bits set)
        Hex("4F 0005 00 01 00000000"),                                  // PAA IPv4 0.0.0.0: dynamic
        Hex("48 0008 00 0000C350 000186A0"),                            // APN-AMBR 50000 / 100000 kbit/s
        Gtp2.BearerContext(0, Gtp2.Ebi(5), Gtp2.FTeid(2, 4, V2Flow.SgwTeidU, mme), Hex("50 0016 00" + Qos9.Replace(" ", ""))),
        Gtp2.Recovery(7),
        Hex("5F 0002 00 0400"),                                         // Charging Characteristics 0400
        Hex("72 0002 00 4000"));                                        // UE Time Zone: octets 40 00

    /// <summary>Create Session Response (§7.2.2): sender F-TEID with IPv4 and IPv6.</summary>
    public static byte[] CreateSessionResponse(string sgw, uint seq = 1) => Gtp2.Message(33, V2Flow.SgwTeidC, seq,
        Gtp2.Cause(16),
        new ByteBuilder().U8(87).U16(25).U8(0).U8(0xC0 | 11).U32(V2Flow.PgwTeidC).Ip(sgw).Ip("2001:db8::b"),
        Gtp2.PaaIPv4("100.64.0.1"),
        Gtp2.BearerContext(0, Gtp2.Ebi(5), Gtp2.Cause(16), Gtp2.FTeid(2, 5, V2Flow.PgwTeidU, sgw),
            Gtp2.Ie(94, 0, new ByteBuilder().U32(ChargingFlows.V2ChargingId))));

    public static void EstablishV2(Harness h, string serving = Scenario.YvSgw1, bool s11 = true)
    {
        Assert.Equal(Verdict.Permit, h.Control(serving, Scenario.XhPgw, CreateSessionRequestS11(serving, s11: s11)).Verdict);
        Assert.Equal(Verdict.Permit, h.Control(Scenario.XhPgw, serving, CreateSessionResponse(Scenario.XhPgw)).Verdict);
    }

    /// <summary>Modify Bearer Request (§7.2.7) with ULI and RAT only (no new F-TEID), then its response.</summary>
    public static void ModifyBearer(Harness h, string uli, int rat, uint seq, string serving = Scenario.YvSgw1)
    {
        Assert.Equal(Verdict.Permit, h.Control(serving, Scenario.XhPgw, Gtp2.Message(34, V2Flow.PgwTeidC, seq,
            Hex("56 000D 00" + uli.Replace(" ", "")), Gtp2.Ie(82, 0, [(byte)rat]))).Verdict);
        Assert.Equal(Verdict.Permit, h.Control(Scenario.XhPgw, serving, Gtp2.Message(35, V2Flow.SgwTeidC, seq,
            Gtp2.Cause(16), Gtp2.BearerContext(0, Gtp2.Ebi(5), Gtp2.Cause(16)))).Verdict);
    }

    /// <summary>Update Bearer Request (§7.2.15, PGW → SGW) with a new Bearer QoS, then its response.</summary>
    public static void UpdateBearerQos(Harness h, string qos, uint seq, string serving = Scenario.YvSgw1)
    {
        Assert.Equal(Verdict.Permit, h.Control(Scenario.XhPgw, serving, Gtp2.Message(97, V2Flow.SgwTeidC, seq,
            Gtp2.BearerContext(0, Gtp2.Ebi(5), Hex("50 0016 00" + qos.Replace(" ", ""))))).Verdict);
        Assert.Equal(Verdict.Permit, h.Control(serving, Scenario.XhPgw, Gtp2.Message(98, V2Flow.PgwTeidC, seq,
            Gtp2.Cause(16), Gtp2.BearerContext(0, Gtp2.Ebi(5), Gtp2.Cause(16)))).Verdict);
    }

    /// <summary>Create PDP Context Request (§7.3.1) with RAI, selection mode, CC, MSISDN, QoS, RAT, ULI, MS TZ, IMEISV, in IE order.</summary>
    public static byte[] CreatePdpRequest(string sgsn = V1Flow.Sgsn, int seq = 1,
        string msisdn = "86 0007 91 640721436 5F7", string imei = "9A 0008 5361100012345678") => Gtp1.Control(16, 0, seq,
        Gtp1.Imsi(Scenario.Imsi),
        Hex("03 62F210 0001 01"),                                       // RAI: MCC 262 MNC 01, LAC 1, RAC 1
        Gtp1.Recovery(1),
        Hex("0F F2"),                                                   // Selection Mode 2 (network provided)
        Gtp1.TeidDataI(V1Flow.SgsnTeidU), Gtp1.TeidControl(V1Flow.SgsnTeidC), Gtp1.Nsapi(5),
        Hex("1A 0800"),                                                 // Charging Characteristics 0800
        Gtp1.EndUserDynamic(), Gtp1.Apn("internet.mnc001.mcc001.gprs"), Gtp1.GsnAddress(sgsn), Gtp1.GsnAddress(sgsn),
        Hex(msisdn),                                                    // MSISDN +46701234567
        Hex("87 0004 02 1B921F"),                                       // QoS profile
        Hex("97 0001 01"),                                              // RAT Type UTRAN
        Hex("98 0008 00 62F210 0001 0002"),                             // ULI: CGI, LAC 1, CI 2
        Hex("99 0002 4000"),                                            // MS Time Zone
        Hex(imei));                                                     // IMEI(SV) 3516010021436587

    /// <summary>Update PDP Context Request (§7.3.3) from the same SGSN with a new RAT and QoS.</summary>
    public static byte[] UpdatePdpRequest(string sgsn, int seq, string qos, int rat) => Gtp1.Control(18, V1Flow.GgsnTeidC, seq,
        Gtp1.TeidDataI(V1Flow.SgsnTeidU), Gtp1.TeidControl(V1Flow.SgsnTeidC), Gtp1.Nsapi(5), Gtp1.GsnAddress(sgsn), Gtp1.GsnAddress(sgsn),
        Hex("87 0004 02" + qos), Gtp1.Tlv(151, [(byte)rat]));
}
