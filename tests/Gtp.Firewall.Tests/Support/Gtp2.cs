namespace Gtp.Firewall.Tests.Support;

/// <summary>GTPv2-C messages and IEs (TS 29.274 §5, §8), written byte by byte.</summary>
internal static class Gtp2
{
    /// <summary>Header with T = 1: flags 0x48 (0x58 with P), type, length, TEID, 3-octet sequence, spare.</summary>
    public static byte[] Message(int type, uint teid, uint seq, params byte[][] ies) => Build(type, teid, seq, piggyback: false, ies);

    public static byte[] Build(int type, uint teid, uint seq, bool piggyback, params byte[][] ies)
    {
        var body = ies.SelectMany(x => x).ToArray();
        return new ByteBuilder().U8(piggyback ? 0x58 : 0x48).U8(type).U16(8 + body.Length).U32(teid).U24(seq).U8(0).Raw(body);
    }

    /// <summary>Echo: T = 0 (flags 0x40), 8-octet header.</summary>
    public static byte[] Echo(int type, uint seq, int recovery)
    {
        var body = Ie(3, 0, [(byte)recovery]);
        return new ByteBuilder().U8(0x40).U8(type).U16(4 + body.Length).U24(seq).U8(0).Raw(body);
    }

    public static byte[] Ie(int type, int instance, byte[] value)
        => new ByteBuilder().U8(type).U16(value.Length).U8(instance).Raw(value);

    public static byte[] Apn(string apn) => Ie(71, 0, Gtp1.Labels(apn));
    public static byte[] Imsi(string digits) => Ie(1, 0, ByteBuilder.Tbcd(digits, (digits.Length + 1) / 2));
    public static byte[] Cause(int value) => Ie(2, 0, [(byte)value, 0]);
    public static byte[] Recovery(int value) => Ie(3, 0, [(byte)value]);
    public static byte[] Ebi(int ebi, int instance = 0) => Ie(73, instance, [(byte)ebi]);
    public static byte[] PaaIPv4(string address) => Ie(79, 0, new ByteBuilder().U8(1).Ip(address));
    public static byte[] IpAddress(string address, int instance = 0) => Ie(74, instance, new ByteBuilder().Ip(address));

    /// <summary>F-TEID (87): V4 flag + interface type, TEID, IPv4.</summary>
    public static byte[] FTeid(int instance, int interfaceType, uint teid, string ipv4)
        => Ie(87, instance, new ByteBuilder().U8(0x80 | interfaceType).U32(teid).Ip(ipv4));

    public static byte[] BearerContext(int instance, params byte[][] ies) => Ie(93, instance, ies.SelectMany(x => x).ToArray());
    public static byte[] PdnConnection(int instance, params byte[][] ies) => Ie(109, instance, ies.SelectMany(x => x).ToArray());
}
