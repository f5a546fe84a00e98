using Gtp.Firewall.Tests.Support;
using Gtp.Firewall.Tests.Tools;

namespace Gtp.Firewall.Tests.Charging;

/// <summary>Records with the subscriber fields set, decoded by tshark's gprscdr dissector: nothing malformed, the values the IEs carried.</summary>
public sealed class SubscriberTsharkTests
{
    [SkippableFact]
    public async Task TsharkDecodesAnS11SgwCdrWithTheSubscriberFields()
    {
        Skip.If(GtpPrimePcap.MissingTool is not null, GtpPrimePcap.MissingTool);
        using var directory = new TempDirectory();
        await using var rig = new ChargingRig(directory.File("outbox.db"), FreePort.Get());
        var h = rig.H;
        SubscriberFlows.EstablishV2(h, Scenario.YvMme1);
        ChargingFlows.Uplink(h, Scenario.YvMme1, V2Flow.PgwTeidU, 2, size: 100);
        SubscriberFlows.UpdateBearerQos(h, SubscriberFlows.Qos8, seq: 2, Scenario.YvMme1);
        ChargingFlows.DeleteV2(h, Scenario.YvMme1);

        var records = await rig.OutboxRecordsAsync();
        var output = GtpPrimePcap.Decode(directory.Path, records.Select(r => (ReadOnlyMemory<byte>)r).ToList());
        Assert.DoesNotContain("Malformed", output);
        Assert.DoesNotContain("Expert Info (Error", output);
        Assert.DoesNotContain("Expert Info (Warning", output);
        var lines = output.Split('\n').Select(l => l.Trim()).ToList();
        foreach (var line in (string[])[
            "GPRSRecord: sGWRecord (78)", "iPBinV4Address: 10.10.10.2", "iPBinV4Address: 20.20.20.1",
            "dataVolumeGPRSUplink: 200", "changeCondition: qoSChange (0)", "changeCondition: recordClosure (2)",
            "E.164 number (MSISDN): 46701234567", "chargingCharacteristics: 0400", "Mobile Country Code (MCC): Germany (262)",
            "rATType: EUTRAN (6)", "ServingNodeType: mME (5)", "iPBinV4Address: 192.0.2.7"])
            Assert.True(lines.Any(l => l.StartsWith(line, StringComparison.Ordinal)), $"'{line}' not in:\n{output}");
    }

    [SkippableFact]
    public async Task TsharkDecodesAPgwCdrWithServiceDataPerQosPeriod()
    {
        Skip.If(GtpPrimePcap.MissingTool is not null, GtpPrimePcap.MissingTool);
        using var directory = new TempDirectory();
        await using var rig = new ChargingRig(directory.File("outbox.db"), FreePort.Get(), o =>
        {
            o.RecordType = "PgwCdr";
            o.RatingGroup = 7;
        });
        var h = rig.H;
        SubscriberFlows.EstablishV2(h, Scenario.YvSgw1, s11: false);
        ChargingFlows.Uplink(h, Scenario.YvSgw1, V2Flow.PgwTeidU, 2, size: 100);
        SubscriberFlows.UpdateBearerQos(h, SubscriberFlows.Qos8, seq: 2);
        ChargingFlows.Downlink(h, Scenario.YvSgw1, V2Flow.SgwTeidU, 1, size: 300);
        ChargingFlows.DeleteV2(h);

        var records = await rig.OutboxRecordsAsync();
        var fields = CdrFields.Parse(Assert.Single(records));
        Assert.Equal(79, fields.ChoiceTag);
        Assert.Equal(85, fields.RecordType);
        var output = GtpPrimePcap.Decode(directory.Path, records.Select(r => (ReadOnlyMemory<byte>)r).ToList());
        Assert.DoesNotContain("Malformed", output);
        Assert.DoesNotContain("Expert Info (Error", output);
        Assert.DoesNotContain("Expert Info (Warning", output);
        var lines = output.Split('\n').Select(l => l.Trim()).ToList();
        foreach (var line in (string[])[
            "GPRSRecord: pGWRecord (79)", "recordType: pGWRecord (85)", "iPBinV4Address: 10.10.10.2", "iPBinV4Address: 20.20.20.10",
            "ratingGroup: 7", "datavolumeFBCUplink: 200", "datavolumeFBCDownlink: 300",
            "E.164 number (MSISDN): 46701234567", "chargingCharacteristics: 0400", "rATType: EUTRAN (6)", "qCI: 8", "qCI: 9"])
            Assert.True(lines.Any(l => l.StartsWith(line, StringComparison.Ordinal)), $"'{line}' not in:\n{output}");
    }
}
