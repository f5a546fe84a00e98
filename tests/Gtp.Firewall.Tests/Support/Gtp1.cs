namespace Gtp.Firewall.Tests.Support;

/// <summary>GTPv1-C/U messages and IEs (TS 29.060 §6-7, TS 29.281 §5), written byte by byte.</summary>
internal static class Gtp1
{
    /// <summary>Header with S = 1 (GTP-C form): flags 0x32, type, length, TEID, sequence, N-PDU 0, next ext 0.</summary>
    public static byte[] Control(int type, uint teid, int seq, params byte[][] ies)
    {
        var body = ies.SelectMany(x => x).ToArray();
        return new ByteBuilder().U8(0x32).U8(type).U16(4 + body.Length).U32(teid).U16(seq).U8(0).U8(0).Raw(body);
    }

    /// <summary>G-PDU with the 8-octet header only (flags 0x30).</summary>
    public static byte[] GPdu(uint teid, byte[] tpdu)
        => new ByteBuilder().U8(0x30).U8(0xFF).U16(tpdu.Length).U32(teid).Raw(tpdu);

    public static byte[] GPduWithSequence(uint teid, int seq, byte[] tpdu)
        => new ByteBuilder().U8(0x32).U8(0xFF).U16(4 + tpdu.Length).U32(teid).U16(seq).U8(0).U8(0).Raw(tpdu);

    /// <summary>G-PDU with E = 1 and one PDU Session Container extension header (type 0x85, 1 × 4 octets).</summary>
    public static byte[] GPduWithExtension(uint teid, byte[] tpdu, int extLengthUnits = 1)
        => new ByteBuilder().U8(0x34).U8(0xFF).U16(4 + 4 + tpdu.Length).U32(teid).U16(0).U8(0).U8(0x85)
            .U8(extLengthUnits).U8(0x00).U8(0x01).U8(0x00)
            .Raw(tpdu);

    public static byte[] UserMessage(int type, uint teid, params byte[][] ies)
    {
        var body = ies.SelectMany(x => x).ToArray();
        return new ByteBuilder().U8(0x32).U8(type).U16(4 + body.Length).U32(teid).U16(0).U8(0).U8(0).Raw(body);
    }

    public static byte[] Cause(int value) => [1, (byte)value];
    public static byte[] Imsi(string digits) => new ByteBuilder().U8(2).Raw(ByteBuilder.Tbcd(digits));
    public static byte[] Recovery(int value) => [14, (byte)value];
    public static byte[] TeidDataI(uint teid) => new ByteBuilder().U8(16).U32(teid);
    public static byte[] TeidControl(uint teid) => new ByteBuilder().U8(17).U32(teid);
    public static byte[] TeidDataII(int nsapi, uint teid) => new ByteBuilder().U8(18).U8(nsapi).U32(teid);
    public static byte[] Nsapi(int nsapi) => [20, (byte)nsapi];
    public static byte[] EndUserIPv4(string address) => new ByteBuilder().U8(128).U16(6).U8(0xF1).U8(0x21).Ip(address);
    public static byte[] EndUserDynamic() => new ByteBuilder().U8(128).U16(2).U8(0xF1).U8(0x21);
    /// <summary>APN (131) in DNS label form.</summary>
    public static byte[] Apn(string apn) => Tlv(131, Labels(apn));

    public static byte[] Labels(string apn)
    {
        var b = new ByteBuilder();
        foreach (var label in apn.Split('.'))
        {
            b.U8(label.Length).Raw(System.Text.Encoding.ASCII.GetBytes(label));
        }
        return b;
    }

    public static byte[] GsnAddress(string address)
    {
        var ip = System.Net.IPAddress.Parse(address).GetAddressBytes();
        return new ByteBuilder().U8(133).U16(ip.Length).Raw(ip);
    }
    public static byte[] Tlv(int type, byte[] value) => new ByteBuilder().U8(type).U16(value.Length).Raw(value);

    /// <summary>PDP Context IE (130), v1 layout (TS 29.060 §7.7.29).</summary>
    public static byte[] PdpContext(int nsapi, uint ggsnTeidC, uint ggsnTeidU, string endUser, string ggsnControl, string ggsnUser, string apn = "internet")
    {
        var apnBytes = new ByteBuilder().U8(apn.Length).Raw(System.Text.Encoding.ASCII.GetBytes(apn)).ToArray();
        var v = new ByteBuilder()
            .U8(nsapi).U8(0x03)                        // EA/VAA/ASI/Order = 0, NSAPI; SAPI 3
            .U8(3).Hex("0b921f").U8(3).Hex("0b921f").U8(3).Hex("0b921f") // QoS subscribed/requested/negotiated
            .U16(0).U16(0).U8(0).U8(0)                 // sequence numbers down/up, send/receive N-PDU
            .U32(ggsnTeidC).U32(ggsnTeidU).U8(0)       // uplink TEID-C, uplink TEID data I, PDP context identifier
            .U8(0xF1).U8(0x21).U8(4).Ip(endUser)       // PDP type IETF IPv4, address
            .U8(4).Ip(ggsnControl).U8(4).Ip(ggsnUser)  // GGSN address for control plane, for user traffic
            .U8(apnBytes.Length).Raw(apnBytes)         // APN
            .U16(0x0000);                              // transaction identifier
        return Tlv(130, v);
    }

    /// <summary>PDP Context IE, v0 layout (TS 09.60 §7.9.22): fixed 3-octet QoS ×3, flow label, one GGSN address.</summary>
    public static byte[] PdpContextV0(int nsapi, int ggsnFlowLabel, string endUser, string ggsnAddress)
    {
        var v = new ByteBuilder()
            .U8(nsapi).U8(0x03)
            .Hex("0b921f").Hex("0b921f").Hex("0b921f")
            .U16(0).U16(0).U8(0).U8(0)
            .U16(ggsnFlowLabel)
            .U8(0xF1).U8(0x21).U8(4).Ip(endUser)
            .U8(4).Ip(ggsnAddress)
            .U8(9).U8(8).Raw("internet"u8.ToArray())
            .U16(0);
        return Tlv(130, v);
    }
}
