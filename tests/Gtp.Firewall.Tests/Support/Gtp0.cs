namespace Gtp.Firewall.Tests.Support;

/// <summary>GTPv0 messages (TS 09.60 §6): 20-octet header with the TID.</summary>
internal static class Gtp0
{
    public static byte[] Tid(string imsi, int nsapi)
    {
        var tid = ByteBuilder.Tbcd(imsi);
        tid[7] = (byte)((tid[7] & 0x0F) | (nsapi << 4));
        return tid;
    }

    /// <summary>Flags 0x1E: version 0, PT = 1, spare 111, SNN 0.</summary>
    public static byte[] Message(int type, int seq, int flowLabel, byte[] tid, params byte[][] ies)
    {
        var body = ies.SelectMany(x => x).ToArray();
        return new ByteBuilder().U8(0x1E).U8(type).U16(body.Length).U16(seq).U16(flowLabel).U8(0xFF).Hex("FFFFFF").Raw(tid).Raw(body);
    }

    public static byte[] FlowLabelDataI(int label) => new ByteBuilder().U8(16).U16(label);
    public static byte[] FlowLabelSignalling(int label) => new ByteBuilder().U8(17).U16(label);
    public static byte[] FlowLabelDataII(int nsapi, int label) => new ByteBuilder().U8(18).U8(nsapi).U16(label);
    public static byte[] QoS() => new ByteBuilder().U8(6).Hex("0b921f");
}
