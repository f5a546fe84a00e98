using Charging.Cdr;
using Charging.CdrFiles;
using System.Formats.Asn1;

namespace Tests.Shared;

/// <summary>Sample records for every test project: complete SGW-CDRs (every mandatory field of TS 32.298 SGWRecord, docs/cdr-formats.md §2.1), written with System.Formats.Asn1 in BER.</summary>
internal static class TestCdrs
{
    /// <summary>Rel-17 v17.2 in GTP' identifiers: BER, application 1, release nibble 0 + extension 17, version 2 + 1.</summary>
    public static readonly int Rel17RecordFormat = new CdrRecordFormat(1, 1, 0, 3, 17).Pack();

    public static readonly DateTimeOffset Opened = new(2026, 11, 22, 8, 15, 30, TimeSpan.FromHours(2));

    public static byte[] Sgw(string imsi, long chargingId, long localSequenceNumber, long uplink = 1000, long downlink = 2000) =>
        Sgw(imsi, chargingId, localSequenceNumber, Opened, uplink, downlink);

    public static byte[] Sgw(string imsi, long chargingId, long localSequenceNumber, DateTimeOffset opened, long uplink, long downlink)
    {
        Span<byte> time = stackalloc byte[CdrTimeStamp.Length];
        CdrTimeStamp.Encode(opened, time);
        Span<byte> imsiOctets = stackalloc byte[8];
        Tbcd.TryEncode(imsi, imsiOctets, out var imsiLength);
        byte[] sgwAddress = [192, 0, 2, 10];
        byte[] servingNode = [192, 0, 2, 20];

        var writer = new AsnWriter(AsnEncodingRules.BER);
        using (writer.PushSetOf(new Asn1Tag(TagClass.ContextSpecific, 78, isConstructed: true)))
        {
            writer.WriteInteger(84, Ctx(0));
            writer.WriteOctetString(imsiOctets[..imsiLength], Ctx(3));
            using (writer.PushSequence(Ctx(4, true)))
                writer.WriteOctetString(sgwAddress, Ctx(0));
            writer.WriteInteger(chargingId, Ctx(5));
            using (writer.PushSequence(Ctx(6, true)))
                writer.WriteOctetString(servingNode, Ctx(0));
            using (writer.PushSequence(Ctx(12, true)))
            using (writer.PushSequence())
            {
                writer.WriteInteger(uplink, Ctx(3));
                writer.WriteInteger(downlink, Ctx(4));
                writer.WriteInteger(2, Ctx(5)); // changeCondition recordClosure
                writer.WriteOctetString(time, Ctx(6));
            }
            writer.WriteOctetString(time, Ctx(13));
            writer.WriteInteger(60, Ctx(14));
            writer.WriteInteger(0, Ctx(15));
            writer.WriteInteger(localSequenceNumber, Ctx(20));
            writer.WriteOctetString([0x08, 0x00], Ctx(23));
            using (writer.PushSequence(Ctx(35, true)))
                writer.WriteEncodedValue([0x0A, 0x01, 0x02]); // ENUMERATED gTPSGW
        }
        return writer.Encode();
    }

    private static Asn1Tag Ctx(int tag, bool constructed = false) => new(TagClass.ContextSpecific, tag, constructed);
}
