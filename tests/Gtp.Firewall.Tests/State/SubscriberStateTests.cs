using Gtp.Firewall.Packets;
using Gtp.Firewall.State;
using Gtp.Firewall.Tests.Charging;
using Gtp.Firewall.Tests.Support;
using Gtp.Firewall.Tests.Tools;
using Gtp.Firewall.Tunnels;

namespace Gtp.Firewall.Tests.State;

/// <summary>
/// The subscriber fields and open containers in the tunnel row: the documented layout, rows of the earlier layout
/// still read, bad blocks refused with the reason, and a restart continuing the same record's containers.
/// </summary>
public sealed class SubscriberStateTests
{
    // The row of TunnelStateTests.ARowHasTheDocumentedLayout up to the APN: what the earlier layout wrote.
    private static readonly string FixedPart = string.Concat(
        "01", "01", "08", "01", "05",                     // layout 1, context, HasChargingId, v1, NSAPI 5
        "0201", "0000",                                   // uplink / downlink sequence
        "11000000", "22000000", "00000000", "00000000", "07000000", "01000000", // TEIDs, charging id, generation 1
        "0000000000000000", "0100000AFFFF0000",           // serving control ::ffff:10.0.0.1
        new string('0', 32 * 4),                          // serving user, anchor control, anchor user, end user: none
        "0000000000000000", "0000000000000000", "2C01000000000000", "0000000000000000", "0000000000000000", "0000000000000000",
        "3412000000000000",                               // IMSI
        "0200", "6162");                                  // APN "ab"
    private const string OpenPart = "0900000000000000" + "6400000000000000" + "0000000000000000" + "02000000";

    private static (TunnelTable Table, int Slot) Table()
    {
        var table = new TunnelTable();
        var slot = table.Add(new Tunnel
        {
            Kind = TunnelKind.Context,
            Flags = TunnelFlags.HasChargingId,
            Version = 1,
            Nsapi = 5,
            UplinkSequence = 0x0102,
            ServingUserTeid = 0x11,
            AnchorUserTeid = 0x22,
            ServingControlNode = table.Nodes.GetOrAdd(IpAddress128.FromIPv4(0x0A000001)),
            ChargingId = 7,
            UplinkBytes = 300,
            Imsi = 0x1234,
            ApnId = table.Apns.GetOrAdd("ab"),
        });
        return (table, slot);
    }

    [Fact]
    public void ARowOfTheEarlierLayoutStillReads()
    {
        Assert.True(TunnelStateCodec.TryDecode(0, Convert.FromHexString(FixedPart + "01" + OpenPart), out var record, out var error), error);
        Assert.Equal(new OpenRecordState(9, 100, 0, 2), record!.Open);
        Assert.Null(record.Open!.Value.Subscriber);
    }

    [Fact]
    public void TheSubscriberBlockHasTheDocumentedLayoutAndReadsBack()
    {
        var (table, slot) = Table();
        var current = new Firewall.Gtp.SubscriberFields { Msisdn = "12", RatType = 6 };
        var state = new SubscriberState(current, current, current, 5, 10, 0,
            [new Firewall.Charging.UsageContainer(1, 2, global::Charging.Cdr.ChangeCondition.QosChange, 3, 4, null)]);
        var row = TunnelStateCodec.Encode(table, slot, new OpenRecordState(9, 100, 0, 2, state));

        var expected = FixedPart + "02" + OpenPart
            + "01023132" + "030106" + "00"                 // current: MSISDN "12", RAT 6, end
            + "01" + "01"                                   // record and container fields: the same as current
            + "0500000000000000" + "0A00000000000000" + "0000000000000000" // container opened at 5, base 10 / 0
            + "01"                                          // one closed container
            + "0100000000000000" + "0200000000000000" + "00" + "0300000000000000" + "0400000000000000" + "00"; // 1/2 octets, qoSChange, 3-4, no fields
        Assert.Equal(expected, Convert.ToHexString(row));
        Assert.True(TunnelStateCodec.TryDecode(slot, row, out var record, out var error), error);
        Assert.Equal(state, record!.Open!.Value.Subscriber);
    }

    [Theory]
    [InlineData("01023132", "row ends inside the subscriber fields")]
    [InlineData("0102313200", "row ends before a subscriber fields reference")]
    [InlineData("0102313200" + "0101", "row ends inside the subscriber container base")]
    [InlineData("7F0100" + "00", "subscriber field 127 of 1 octets")]
    [InlineData("030506", "row ends inside subscriber field 3")]
    [InlineData("030206" + "00", "subscriber field 3 of 2 octets")]
    [InlineData("0101" + "41" + "00" + "0101", "subscriber field 1 of 1 octets")]
    [InlineData("00" + "07", "subscriber fields reference 7")]
    public void ABadSubscriberBlockIsRefusedWithTheReason(string block, string reason)
    {
        Assert.False(TunnelStateCodec.TryDecode(0, Convert.FromHexString(FixedPart + "02" + OpenPart + block), out _, out var error));
        Assert.Equal(reason, error);
    }

    [Fact]
    public async Task ARestartContinuesTheRecordWithItsFieldsAndContainers()
    {
        using var directory = new TempDirectory();
        var outbox = directory.File("outbox.db");
        var port = FreePort.Get();
        await using (var first = new ChargingRig(outbox, port))
        {
            var state = new StateCheckpointer(first.H.Engine.Tunnels, new ChargingStateSink(first.Charging), first.Observer, TimeSpan.FromSeconds(10));
            SubscriberFlows.EstablishV2(first.H, Scenario.YvMme1);
            ChargingFlows.Uplink(first.H, Scenario.YvMme1, V2Flow.PgwTeidU, 2, size: 100);
            SubscriberFlows.UpdateBearerQos(first.H, SubscriberFlows.Qos8, seq: 2, Scenario.YvMme1);
            ChargingFlows.Uplink(first.H, Scenario.YvMme1, V2Flow.PgwTeidU, 1, size: 100);
            state.AfterBatch();
            Assert.True(state.CaptureAll());
            await first.Charging.FlushStateAsync();
        }
        await using var second = new ChargingRig(outbox, port);
        var checkpointer = new StateCheckpointer(second.H.Engine.Tunnels, new ChargingStateSink(second.Charging), second.Observer, TimeSpan.FromSeconds(10));
        Assert.True(checkpointer.TryRestore(out var restored, out var error), error);
        Assert.Equal(1, restored);
        var id = second.H.SingleContext().Id;
        Assert.True(second.Observer.TryGetOpen(id, out var open));
        var containers = open.Subscriber!.Containers;
        Assert.Equal(200, Assert.Single(containers).UplinkOctets);
        Assert.Equal("46701234567", open.Subscriber.Current.Msisdn);
        Assert.Equal("480800000003E800000007D000000000000000000000", Convert.ToHexString(open.Subscriber.ContainerFields!.Qos!));
        Assert.Equal(200, open.Subscriber.ContainerUplinkAtOpening);
    }
}
