using Charging.Cdr;
using Gtp.Firewall.Charging;
using Gtp.Firewall.Gtp;
using Gtp.Firewall.Packets;
using Gtp.Firewall.Tunnels;

namespace Gtp.Firewall.Tests.Charging;

/// <summary>A small G-CDR against BER written out by hand from TS 32.298 (docs/cdr-formats.md §2.3, §2.6).</summary>
public sealed class UsageRecordEncoderTests
{
    // IMSI 001010123456789 as the engine keeps it: the 8 TBCD octets read big-endian.
    private static readonly long Opened = new DateTime(2024, 5, 17, 10, 15, 30, DateTimeKind.Utc).Ticks;

    [Fact]
    public void AGgsnRecordIsTheHandWrittenBer()
    {
        var record = new ClosedRecord(1, 0x0001_0121_4365_87F9UL, 5, 7, IpAddress128.Parse("192.0.2.20"), IpAddress128.Parse("192.0.2.10"),
            "internet.mnc001.mcc001.gprs", PdpType.IPv4, IpAddress128.Parse("10.45.0.7"), Opened, Opened + TimeSpan.FromSeconds(65.9).Ticks,
            300, 400, CauseForRecClosing.NormalRelease, 0);

        var expected = string.Concat(
            "B56E",
            "800113",                              // [0] recordType 19
            "83080001012143658" + "7F9",           // [3] servedIMSI, TBCD
            "A4068004C000020A",                    // [4] ggsnAddress: explicit CHOICE, iPBinV4Address [0]
            "850107",                              // [5] chargingID 7
            "A6068004C0000214",                    // [6] sgsnAddress: SEQUENCE OF, no wrapper per element
            "8708696E7465726E6574",                // [7] APN NI "internet" (OI left out)
            "8802F121",                            // [8] pdpType IETF IPv4
            "A908A00680040A2D0007",                // [9] servedPDPAddress: two explicit levels
            "AC183016" + "8302012C" + "84020190" + "850102" + "8609240517101635" + "2B0000", // [12] one container
            "8D09240517101530" + "2B0000",         // [13] recordOpeningTime
            "8E0141",                              // [14] duration 65 (whole seconds, rounded down)
            "8F0100",                              // [15] normalRelease
            "92026677",                            // [18] nodeID "fw"
            "940101",                              // [20] localSequenceNumber 1
            "97020800");                           // [23] chargingCharacteristics
        Assert.Equal(expected, Convert.ToHexString(UsageRecordEncoder.Encode(record, 1, "fw", [0x08, 0x00])));
    }

    [Theory]
    [InlineData("internet.mnc001.mcc001.gprs", "internet")]
    [InlineData("ims", "ims")]
    [InlineData("corp.example.MNC260.MCC310.GPRS", "corp.example")]
    [InlineData("", null)]
    public void TheApnKeepsOnlyItsNetworkIdentifier(string apn, string? expected)
        => Assert.Equal(expected, UsageRecordEncoder.ApnNetworkIdentifier(apn));
}
