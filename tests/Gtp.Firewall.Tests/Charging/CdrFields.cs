using System.Formats.Asn1;

namespace Gtp.Firewall.Tests.Charging;

/// <summary>The members of one GPRSRecord SET read with the BCL ASN.1 reader (the tshark tests check the encoding independently).</summary>
internal sealed class CdrFields
{
    private readonly Dictionary<int, byte[]> _members = new();

    public int ChoiceTag { get; private init; }

    public static CdrFields Parse(byte[] record)
    {
        var reader = new AsnReader(record, AsnEncodingRules.BER);
        var tag = reader.PeekTag();
        var fields = new CdrFields { ChoiceTag = tag.TagValue };
        var set = reader.ReadSetOf(skipSortOrderValidation: true, expectedTag: tag);
        Assert.False(reader.HasData);
        while (set.HasData)
        {
            var member = set.PeekTag();
            Assert.Equal(TagClass.ContextSpecific, member.TagClass);
            fields._members.Add(member.TagValue, set.ReadEncodedValue().ToArray());
        }
        return fields;
    }

    public bool Has(int tag) => _members.ContainsKey(tag);

    /// <summary>The whole encoded member (tag, length, contents) as hex, to compare with hand-written BER.</summary>
    public string Hex(int tag) => Convert.ToHexString(_members[tag]);

    public long Integer(int tag)
    {
        var reader = new AsnReader(_members[tag], AsnEncodingRules.BER);
        return (long)reader.ReadInteger(new Asn1Tag(TagClass.ContextSpecific, tag));
    }

    public string Ia5(int tag) => new AsnReader(_members[tag], AsnEncodingRules.BER)
        .ReadCharacterString(UniversalTagNumber.IA5String, new Asn1Tag(TagClass.ContextSpecific, tag));

    public byte[] Octets(int tag) => new AsnReader(_members[tag], AsnEncodingRules.BER).ReadOctetString(new Asn1Tag(TagClass.ContextSpecific, tag));

    public int RecordType => (int)Integer(0);
    public int Cause => (int)Integer(15);
    public long LocalSequenceNumber => Integer(20);
    public long? RecordSequenceNumber => Has(17) ? Integer(17) : null;

    /// <summary>The first address of servingNodeAddress / sgsnAddress [6] (SEQUENCE OF, iPBinV4Address [0]).</summary>
    public string ServingNode
    {
        get
        {
            var sequence = new AsnReader(_members[6], AsnEncodingRules.BER).ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 6));
            return new System.Net.IPAddress(sequence.ReadOctetString(new Asn1Tag(TagClass.ContextSpecific, 0))).ToString();
        }
    }

    /// <summary>(uplink, downlink) of the single ChangeOfCharCondition in listOfTrafficVolumes [12].</summary>
    public (long Uplink, long Downlink) Volumes
    {
        get
        {
            var list = new AsnReader(_members[12], AsnEncodingRules.BER).ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 12));
            var container = list.ReadSequence();
            Assert.False(list.HasData);
            var uplink = (long)container.ReadInteger(new Asn1Tag(TagClass.ContextSpecific, 3));
            var downlink = (long)container.ReadInteger(new Asn1Tag(TagClass.ContextSpecific, 4));
            return (uplink, downlink);
        }
    }
}
