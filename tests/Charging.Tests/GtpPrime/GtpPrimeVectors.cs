namespace Charging.Tests.GtpPrime;

/// <summary>
/// Byte-exact vectors from docs/gtp-prime.md §7 (checked there with tshark 4.0.17), written by hand.
/// Spaces separate header and IEs.
/// </summary>
internal static class GtpPrimeVectors
{
    /// <summary>v2, seq 1, no IEs.</summary>
    public const string EchoRequestV2 = "4e0100000001";

    /// <summary>v2, seq 1, Recovery (14) = 5.</summary>
    public const string EchoResponse = "4e0200020001 0e05";

    /// <summary>v2, seq 3, Node Address as IE 251 = 10.0.0.9.</summary>
    public const string NodeAliveRequest = "4e0400070003 fb00040a000009";

    /// <summary>v2, seq 4, Cause 63, Address of Recommended Node (254) = 10.0.0.8.</summary>
    public const string RedirectionRequest = "4e0600090004 013f fe00040a000008";

    /// <summary>v2, seq 5, Cause 128, Requests Responded (253) = 5, 6.</summary>
    public const string DataRecordTransferResponse = "4ef100090005 0180 fd000400050006";

    /// <summary>v2, seq 9, PTC 3 (Cancel), Sequence Numbers of Cancelled Packets (250) = 7, 8.</summary>
    public const string Cancel = "4ef000090009 7e03 fa000400070008";

    /// <summary>v2, seq 10, PTC 4 (Release), Sequence Numbers of Released Packets (249) = 7.</summary>
    public const string Release = "4ef00007000a 7e04 f900020007";

    /// <summary>v2, seq 7, PTC 2, empty Data Record Packet in the zero-length form <c>FC 00 00</c>.</summary>
    public const string EmptyTestPacket = "4ef000050007 7e02 fc0000";

    /// <summary>The BER PGW record (30 octets) carried by <see cref="SendPgwRecord"/>.</summary>
    public const string PgwRecord = "bf4f1b800155830821436587092143f5a40680040a000001850400000001";

    /// <summary>
    /// v2, seq 11, PTC 1, Data Record Packet: 1 record, format 1 (BER), application 1 / release 0,
    /// version 11, Release Identifier Extension 17, record length 30.
    /// </summary>
    public const string SendPgwRecord = "4ef0002a000b 7e01 fc0025 01 01 10 0b 11 001e " + PgwRecord;

    /// <summary>
    /// v0 20-octet header (docs/gtp-prime.md §7 gives the header only): Length 41, seq 14, 14 zero filler octets,
    /// then PTC 1 and the PGW record with application 1 / release 15 (no extension octet), version 11.
    /// </summary>
    public const string SendV0LongHeader = "0ef00029000e 0000000000000000000000000000 7e01 fc0024 01 01 1f 0b 001e " + PgwRecord;
}
