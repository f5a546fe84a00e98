using Gtp.Firewall.Tests.Support;
using Gtp.Firewall.Tests.Tools;

namespace Gtp.Firewall.Tests.Charging;

/// <summary>
/// The records the firewall emits, taken from the outbox, wrapped in a GTP' Data Record Packet and decoded by
/// tshark's gprscdr dissector (the independent decoder): no errors, and the field values the firewall saw.
/// </summary>
public sealed class UsageRecordTsharkTests
{
    [SkippableFact]
    public async Task TsharkDecodesGgsnAndSgwRecordsWithTheFieldsTheFirewallSaw()
    {
        Skip.If(GtpPrimePcap.MissingTool is not null, GtpPrimePcap.MissingTool);
        using var directory = new TempDirectory();
        await using var rig = new ChargingRig(directory.File("outbox.db"), FreePort.Get(), o => o.VolumeLimit = 1000);
        var h = rig.H;
        var start = h.Now;
        ChargingFlows.EstablishV1(h);
        ChargingFlows.Uplink(h, V1Flow.Sgsn, V1Flow.GgsnTeidU, 3);
        ChargingFlows.Downlink(h, V1Flow.Sgsn, V1Flow.SgsnTeidU, 2, size: 200);
        h.Now = start.AddSeconds(30);
        h.Control(V1Flow.NewSgsn, V1Flow.Ggsn, V1Flow.UpdatePdpRequest(V1Flow.NewSgsn));
        h.Control(V1Flow.Ggsn, V1Flow.NewSgsn, V1Flow.UpdatePdpResponse());
        ChargingFlows.Uplink(h, V1Flow.NewSgsn, V1Flow.GgsnTeidU, 1, size: 60);
        h.Now = start.AddSeconds(45);
        ChargingFlows.DeleteV1(h, V1Flow.NewSgsn, sgsnTeidC: 0x31);
        ChargingFlows.EstablishV2(h);
        ChargingFlows.Uplink(h, Scenario.YvSgw1, V2Flow.PgwTeidU, 11);
        h.Now = start.AddSeconds(50);
        rig.Observer.CloseAll(h.Now.Ticks);

        var records = await rig.OutboxRecordsAsync();
        Assert.Equal(4, records.Count);
        var output = GtpPrimePcap.Decode(directory.Path, records.Select(r => (ReadOnlyMemory<byte>)r).ToList());
        Assert.DoesNotContain("Malformed", output);
        Assert.DoesNotContain("Expert Info (Error", output);
        Assert.DoesNotContain("Expert Info (Warning", output);
        Assert.Contains("AppId 1 Rel 17.2.0", output);
        var blocks = System.Text.RegularExpressions.Regex.Split(output, @"\n\s*Data record \d+\n").Skip(1).ToArray();
        Assert.Equal(4, blocks.Length);

        // G-CDR 1: the SGSN change closes the first record (Rel-7 type 19: tshark's Rel-17 RecordType list lacks it).
        AssertLines(blocks[0],
            "GPRSRecord: ggsnPDPRecord (21)", "recordType: Unknown (19)", "IMSI: 001010123456789",
            "ggsnAddress: iPBinaryAddress", "iPBinV4Address: 10.10.10.2", "chargingID: 16909060",
            "sgsnAddress: 1 item", "iPBinV4Address: 20.20.20.10", "accessPointNameNI: internet",
            "PDP type number: IPv4 address (33)", "iPBinV4Address: 100.64.0.9",
            "dataVolumeGPRSUplink: 300", "dataVolumeGPRSDownlink: 400", "changeCondition: recordClosure (2)",
            "changeTime: 2611220800302b0000", "recordOpeningTime: 2611220800002b0000", "duration: 30",
            "causeForRecClosing: servingNodeChange (18)", "recordSequenceNumber: 1", "nodeID: fw-test",
            "localSequenceNumber: 1", "chargingCharacteristics: 0800");
        // G-CDR 2: the partial that follows, at the new SGSN, closed by Delete PDP Context.
        AssertLines(blocks[1],
            "GPRSRecord: ggsnPDPRecord (21)", "iPBinV4Address: 20.20.20.11", "dataVolumeGPRSUplink: 60",
            "dataVolumeGPRSDownlink: 0", "recordOpeningTime: 2611220800302b0000", "duration: 15",
            "causeForRecClosing: normalRelease (0)", "recordSequenceNumber: 2", "localSequenceNumber: 2");
        // SGW-CDR 1: the volume limit (1000 octets) reached by the tenth 100-octet G-PDU.
        AssertLines(blocks[2],
            "GPRSRecord: sGWRecord (78)", "recordType: sGWRecord (84)", "IMSI: 001010123456789",
            "s-GWAddress: iPBinaryAddress", "iPBinV4Address: 20.20.20.10", "chargingID: 2147483649",
            "servingNodeAddress: 1 item", "accessPointNameNI: ims", "iPBinV4Address: 100.64.0.1",
            "dataVolumeGPRSUplink: 1000", "causeForRecClosing: volumeLimit (16)", "recordSequenceNumber: 1",
            "localSequenceNumber: 3", "ServingNodeType: gTPSGW (2)", "p-GWAddressUsed: iPBinaryAddress", "iPBinV4Address: 10.10.10.2");
        // SGW-CDR 2: shutdown closes the rest.
        AssertLines(blocks[3],
            "GPRSRecord: sGWRecord (78)", "dataVolumeGPRSUplink: 100", "dataVolumeGPRSDownlink: 0", "duration: 5",
            "causeForRecClosing: managementIntervention (20)", "recordSequenceNumber: 2", "localSequenceNumber: 4");
    }

    private static void AssertLines(string block, params string[] expected)
    {
        var lines = block.Split('\n').Select(l => l.Trim()).ToList();
        foreach (var line in expected)
            Assert.True(lines.Any(l => l.StartsWith(line, StringComparison.Ordinal)), $"'{line}' not in:\n{block}");
    }
}
