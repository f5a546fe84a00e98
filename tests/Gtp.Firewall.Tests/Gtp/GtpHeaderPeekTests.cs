using Gtp.Firewall.Gtp;

namespace Gtp.Firewall.Tests.Gtp;

public class GtpHeaderPeekTests
{
    private static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", ""));

    [Theory]
    // GTPv1-C Create PDP Context Request, S = 1: TEID 0x01020304, sequence 0xabcd.
    [InlineData(GtpProtocol.V1Control, "32 10 0004 01020304 abcd 0000", 0x10, 0x01020304u, 0xabcdu)]
    // GTPv1-U G-PDU without E/S/PN: no sequence number.
    [InlineData(GtpProtocol.V1User, "30 ff 0004 00000042 45000000", 0xff, 0x42u, 0u)]
    // GTPv1 with S = 1 but cut before the sequence number.
    [InlineData(GtpProtocol.V1User, "32 ff 0004 00000042 ab", 0xff, 0x42u, 0u)]
    // GTPv2-C with T = 1: TEID 0x0a0b0c0d, 3-octet sequence 0x010203.
    [InlineData(GtpProtocol.V2Control, "48 20 0008 0a0b0c0d 010203 00", 0x20, 0x0a0b0c0du, 0x010203u)]
    // GTPv2-C Echo Request, T = 0: sequence in octets 5-7.
    [InlineData(GtpProtocol.V2Control, "40 01 0004 000007 00", 0x01, 0u, 7u)]
    // GTPv2-C with T = 1 cut before the end of the sequence number.
    [InlineData(GtpProtocol.V2Control, "48 20 0008 0a0b0c0d 0102", 0x20, 0u, 0u)]
    // Shorter than 8 octets: only the type.
    [InlineData(GtpProtocol.V1Control, "32 10 00", 0x10, 0u, 0u)]
    [InlineData(GtpProtocol.V1Control, "32", 0, 0u, 0u)]
    public void ReadsTheFixedOffsets(GtpProtocol protocol, string hex, int type, uint teid, uint sequence)
        => Assert.Equal(new GtpHeaderPeek((byte)type, teid, sequence), GtpHeaderPeek.Read(protocol, Hex(hex)));

    [Fact]
    public void AGtpV0HeaderHasItsSequenceNumberInOctets5And6()
    {
        // TS 09.60: flags, type 16, length, sequence 0x1234, flow label, SNDCP N-PDU, spare, TID (8 octets).
        var header = Hex("1e 10 0000 1234 0000 ff ffffff 0000000000000001");

        Assert.Equal(new GtpHeaderPeek(0x10, 0, 0x1234), GtpHeaderPeek.Read(GtpProtocol.V0, header));
        Assert.Equal(new GtpHeaderPeek(0x10, 0, 0), GtpHeaderPeek.Read(GtpProtocol.V0, header.AsSpan(0, 19)));
    }
}
