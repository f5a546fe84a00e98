using Gtp.Firewall.Inspection;
using Gtp.Firewall.Tests.Support;
using Gtp.Firewall.Tests.Tools;

namespace Gtp.Firewall.Tests.Charging;

/// <summary>
/// The subscriber fields in the records the outbox holds, each member compared with BER written by hand
/// (TS 32.298 §5.2.2, docs/cdr-formats.md §2.6) after decoding the record with the BCL ASN.1 reader.
/// </summary>
public sealed class SubscriberRecordTests
{
    [Fact]
    public async Task AnS11SgwCdrCarriesTheSubscriberFieldsAndTheMmeAsServingNode()
    {
        using var directory = new TempDirectory();
        await using var rig = new ChargingRig(directory.File("outbox.db"), FreePort.Get());
        var h = rig.H;
        SubscriberFlows.EstablishV2(h, Scenario.YvMme1);
        ChargingFlows.Uplink(h, Scenario.YvMme1, V2Flow.PgwTeidU, 2, size: 100);
        SubscriberFlows.UpdateBearerQos(h, SubscriberFlows.Qos8, seq: 2, Scenario.YvMme1);
        ChargingFlows.Downlink(h, Scenario.YvMme1, V2Flow.SgwTeidU, 1, size: 300);
        SubscriberFlows.ModifyBearer(h, SubscriberFlows.Uli2Moved, 6, seq: 3, Scenario.YvMme1);
        ChargingFlows.DeleteV2(h, Scenario.YvMme1);

        var r = Assert.Single(await rig.OutboxFieldsAsync());
        Assert.Equal(78, r.ChoiceTag);
        Assert.Equal("A4068004" + "0A0A0A02", r.Hex(4));                     // s-GWAddress: the node answering on S11
        Assert.Equal("A6068004" + "14141401", r.Hex(6));                     // servingNodeAddress: the MME 20.20.20.1
        Assert.Equal("9607" + "916407214365F7", r.Hex(22));                  // servedMSISDN +46701234567
        Assert.Equal("9702" + "0400", r.Hex(23));                            // chargingCharacteristics from the IE
        Assert.Equal("9B03" + "62F210", r.Hex(27));                          // servingNodePLMNIdentifier 262-01
        Assert.Equal("9E0106", r.Hex(30));                                   // rATType EUTRAN
        Assert.Equal("BF2303" + "0A0105", r.Hex(35));                        // servingNodeType mME
        Assert.Equal("BF2406" + "8004C0000207", r.Hex(36));                  // p-GWAddressUsed from the PGW S5/S8 F-TEID
        Assert.Equal("8B01FF", r.Hex(11));                                   // dynamicAddressFlag: PAA 0.0.0.0 in the request
        Assert.Equal("950101", r.Hex(21));                                   // apnSelectionMode 1 (spare bits dropped)
        Assert.Equal("980100", r.Hex(24));                                   // chChSelectionMode servingNodeSupplied
        Assert.Equal("9D08" + "5361100012345678", r.Hex(29));                // servedIMEISV 3516010021436587
        Assert.Equal("9F1F02" + "4000", r.Hex(31));                          // mSTimeZone
        Assert.Equal("9F200D" + "1862F210000162F21000000101", r.Hex(32));    // userLocationInformation at opening
        Assert.Equal("9F370D" + "1862F210000262F21000000202", r.Hex(55));    // lastUserLocationInformation after Modify Bearer
        Assert.Equal("BF3012" + "8110" + "20010DB800000000000000000000000B", r.Hex(48)); // s-GWiPv6Address: the SGW's F-TEID
        Assert.Equal("BF3112" + "8110" + "20010DB800000000000000000000000A", r.Hex(49)); // servingNodeiPv6Address: the MME's
        Assert.Equal("BF3212" + "8110" + "20010DB8000000000000000000000007", r.Hex(50)); // p-GWiPv6AddressUsed
        // Two containers: 200 uplink octets closed by qoSChange (0), 300 downlink closed by recordClosure (2).
        var list = new System.Formats.Asn1.AsnReader(Convert.FromHexString(r.Hex(12)), System.Formats.Asn1.AsnEncodingRules.BER)
            .ReadSequence(new System.Formats.Asn1.Asn1Tag(System.Formats.Asn1.TagClass.ContextSpecific, 12));
        var conditions = new List<(long, long, long)>();
        var qcis = new List<int>();
        while (list.HasData)
        {
            var c = list.ReadSequence();
            var up = (long)c.ReadInteger(new System.Formats.Asn1.Asn1Tag(System.Formats.Asn1.TagClass.ContextSpecific, 3));
            var down = (long)c.ReadInteger(new System.Formats.Asn1.Asn1Tag(System.Formats.Asn1.TagClass.ContextSpecific, 4));
            var condition = (long)c.ReadEnumeratedValue<global::Charging.Cdr.ChangeCondition>(new System.Formats.Asn1.Asn1Tag(System.Formats.Asn1.TagClass.ContextSpecific, 5));
            conditions.Add((up, down, condition));
            c.ReadEncodedValue(); // changeTime [6]
            // ePCQoSInformation [9] in both: the first container, and the one the QoS change opened; qCI [1] first.
            var qos = c.ReadSequence(new System.Formats.Asn1.Asn1Tag(System.Formats.Asn1.TagClass.ContextSpecific, 9));
            qcis.Add((int)qos.ReadInteger(new System.Formats.Asn1.Asn1Tag(System.Formats.Asn1.TagClass.ContextSpecific, 1)));
        }
        Assert.Equal([(200L, 0L, 0L), (0L, 300L, 2L)], conditions);
        Assert.Equal([9, 8], qcis);
    }

    [Fact]
    public async Task WithoutTheIeTheConfiguredChargingCharacteristicsAreUsed()
    {
        using var directory = new TempDirectory();
        await using var rig = new ChargingRig(directory.File("outbox.db"), FreePort.Get(), o => o.ChargingCharacteristics = "0A00");
        ChargingFlows.EstablishV2(rig.H);
        ChargingFlows.DeleteV2(rig.H);
        var r = Assert.Single(await rig.OutboxFieldsAsync());
        Assert.Equal("97020A00", r.Hex(23));
        Assert.False(r.Has(22));
        Assert.Equal("BF2303" + "0A0102", r.Hex(35));                        // gTPSGW on S5/S8, as before
    }

    [Fact]
    public async Task AnImeiOrMsisdnOfTheWrongLengthIsLeftOutOfTheRecordNotFatal()
    {
        using var directory = new TempDirectory();
        await using var rig = new ChargingRig(directory.File("outbox.db"), FreePort.Get());
        var h = rig.H;
        // A 7-octet IMEI (14 digits, not 15 or 16) and a 10-octet MSISDN (18 digits, beyond E.164's 15).
        Assert.Equal(Verdict.Permit, h.Control(V1Flow.Sgsn, V1Flow.Ggsn, SubscriberFlows.CreatePdpRequest(
            msisdn: "86 000A 91 640721436587092143", imei: "9A 0007 53611000123456")).Verdict);
        Assert.Equal(Verdict.Permit, h.Control(V1Flow.Ggsn, V1Flow.Sgsn, ChargingFlows.CreatePdpResponseWithChargingId()).Verdict);
        ChargingFlows.DeleteV1(h);

        var r = Assert.Single(await rig.OutboxFieldsAsync());
        Assert.Equal(21, r.ChoiceTag);
        Assert.False(r.Has(29));
        Assert.False(r.Has(22));
        Assert.Equal("9E0101", r.Hex(30));                                   // the other fields are still there
    }
}
