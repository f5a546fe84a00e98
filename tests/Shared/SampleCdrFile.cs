namespace Tests.Shared;

/// <summary>A TS 32.297 CDR file shared by the Charging codec tests and the Cgf.Server cdr-file command tests.</summary>
internal static class SampleCdrFile
{
    /// <summary>Every octet written out by hand from the layout of docs/cdr-formats.md §4, not by the writer.</summary>
    public const string Hex =
        "0000003e" + // file length 62
        "00000036" + // header length 54 = 52 + two release extension octets
        "e2" + "e2" + // high / low release-version: code 7 (Rel-10+) | version 2
        "bb20f880" + // opening: month 11, day 22, 08:15, '+', 02:00
        "bb210880" + // last append: 08:16
        "00000001" + // one CDR
        "00000005" + // file sequence number 5
        "04" + // closure: manual
        "ffffffff" + "00000000000000000000ffffc000020a" + // node 192.0.2.10, IPv4-mapped IPv6
        "00" + // lost CDR indicator
        "0000" + // routeing filter length
        "0000" + // private extension length
        "07" + "07" + // high / low release extension: Rel-17
        "0003" + "e2" + "27" + "07" + // CDR header: length 3, Rel-17 v2, BER | TS 32.251, extension 7
        "300100"; // the record
}
