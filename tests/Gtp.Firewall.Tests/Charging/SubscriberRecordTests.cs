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
        // Two containers: 200 uplink octets closed by qoSChange (0), 300 downlink closed by recordClosure (2).
        var list = new System.Formats.Asn1.AsnReader(Convert.FromHexString(r.Hex(12)), System.Formats.Asn1.AsnEncodingRules.BER)
            .ReadSequence(new System.Formats.Asn1.Asn1Tag(System.Formats.Asn1.TagClass.ContextSpecific, 12));
        var conditions = new List<(long, long, long)>();
        while (list.HasData)
        {
            var c = list.ReadSequence();
            var up = (long)c.ReadInteger(new System.Formats.Asn1.Asn1Tag(System.Formats.Asn1.TagClass.ContextSpecific, 3));
            var down = (long)c.ReadInteger(new System.Formats.Asn1.Asn1Tag(System.Formats.Asn1.TagClass.ContextSpecific, 4));
            var condition = (long)c.ReadEnumeratedValue<global::Charging.Cdr.ChangeCondition>(new System.Formats.Asn1.Asn1Tag(System.Formats.Asn1.TagClass.ContextSpecific, 5));
            conditions.Add((up, down, condition));
        }
        Assert.Equal([(200L, 0L, 0L), (0L, 300L, 2L)], conditions);
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
}
