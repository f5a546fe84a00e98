using Gtp.Firewall.State;
using Gtp.Firewall.Tests.Charging;
using Gtp.Firewall.Tests.Support;
using Gtp.Firewall.Tests.Tools;
using Gtp.Firewall.Tunnels;

namespace Gtp.Firewall.Tests.State;

/// <summary>
/// Tunnels and open records restored from the real outbox into a fresh engine (a restart without a graceful stop: the
/// first firewall never closes its records). The CGF is down; the records are read from the outbox.
/// </summary>
public sealed class StateRestartTests
{
    private static StateCheckpointer Checkpointer(ChargingRig rig) =>
        new(rig.H.Engine.Tunnels, new ChargingStateSink(rig.Charging), rig.Observer, TimeSpan.FromSeconds(10));

    /// <summary>
    /// A first firewall on <paramref name="outbox"/> runs <paramref name="firstRun"/> and goes without closing its
    /// records (what is queued is committed, as a kill right after the last commit); the second restores from the outbox.
    /// </summary>
    private static async Task<(ChargingRig Rig, int Restored)> RestartAsync(string outbox, Action<ChargingRig, StateCheckpointer> firstRun)
    {
        var port = FreePort.Get();
        await using (var first = new ChargingRig(outbox, port))
        {
            var state = Checkpointer(first);
            ChargingFlows.EstablishV1(first.H);
            firstRun(first, state);
            await first.Charging.FlushStateAsync();
        }
        var second = new ChargingRig(outbox, port);
        Assert.True(Checkpointer(second).TryRestore(out var restored, out var error), error);
        return (second, restored);
    }

    [Fact]
    public async Task AClosureCommittedAfterTheLastCheckpointIsNotCountedAgainAfterARestart()
    {
        using var directory = new TempDirectory();
        var (second, count) = await RestartAsync(directory.File("outbox.db"), (first, state) =>
        {
            ChargingFlows.Uplink(first.H, V1Flow.Sgsn, V1Flow.GgsnTeidU, 3, size: 100);
            Assert.True(state.CaptureAll());
            // After the checkpoint (usage 300 uplink, record opened at 0): two more G-PDUs, then an SGSN change closes
            // a partial record with 500 octets and reopens at 500; no checkpoint follows.
            ChargingFlows.Uplink(first.H, V1Flow.Sgsn, V1Flow.GgsnTeidU, 2, size: 100);
            first.H.Control(V1Flow.NewSgsn, V1Flow.Ggsn, V1Flow.UpdatePdpRequest(V1Flow.NewSgsn));
            first.H.Control(V1Flow.Ggsn, V1Flow.NewSgsn, V1Flow.UpdatePdpResponse());
        });
        await using var _ = second;
        Assert.Equal(1, count);
        Assert.Equal(1, second.Observer.OpenRecords);
        // The tunnel works at once, from the new SGSN the update installed.
        ChargingFlows.Uplink(second.H, V1Flow.NewSgsn, V1Flow.GgsnTeidU, 1, size: 100);
        ChargingFlows.DeleteV1(second.H, V1Flow.NewSgsn, sgsnTeidC: 0x31);

        var records = await second.OutboxFieldsAsync();
        // Hand-counted: 5 x 100 before the update, 1 x 100 after the restart; 600 in all, never 1100.
        Assert.Equal([(500L, 0L), (100L, 0L)], records.Select(r => r.Volumes));
        Assert.Equal([1L, 2L], records.Select(r => r.RecordSequenceNumber ?? 0));
        Assert.Equal([1L, 2L], records.Select(r => r.LocalSequenceNumber));
    }

    [Fact]
    public async Task UsageSinceTheLastCheckpointIsAllAKillMayLoseAndNothingIsCountedTwice()
    {
        using var directory = new TempDirectory();
        var (second, _) = await RestartAsync(directory.File("outbox.db"), (first, state) =>
        {
            ChargingFlows.Uplink(first.H, V1Flow.Sgsn, V1Flow.GgsnTeidU, 2, size: 100);
            ChargingFlows.Downlink(first.H, V1Flow.Sgsn, V1Flow.SgsnTeidU, 1, size: 300);
            state.AfterBatch(); // the creation is a control-plane change: written at once
            Assert.True(state.CaptureAll());
            // Never checkpointed: lost by the "kill".
            ChargingFlows.Uplink(first.H, V1Flow.Sgsn, V1Flow.GgsnTeidU, 4, size: 100);
        });
        await using var _ = second;
        var tunnel = second.H.SingleContext();
        Assert.Equal(new TunnelUsage(2, 200, 1, 300), tunnel.Usage);
        Assert.Equal(ChargingFlows.V1ChargingId, tunnel.ChargingId);
        ChargingFlows.Uplink(second.H, V1Flow.Sgsn, V1Flow.GgsnTeidU, 1, size: 100);
        ChargingFlows.DeleteV1(second.H);
        var record = Assert.Single(await second.OutboxFieldsAsync());
        Assert.Equal((300L, 300L), record.Volumes);
    }

    [Fact]
    public async Task ADeletedTunnelIsGoneAfterARestartAndAFinalCaptureKeepsEverything()
    {
        using var directory = new TempDirectory();
        var outbox = directory.File("outbox.db");
        var port = FreePort.Get();
        await using (var first = new ChargingRig(outbox, port))
        {
            var state = Checkpointer(first);
            ChargingFlows.EstablishV1(first.H);
            state.AfterBatch();
            ChargingFlows.DeleteV1(first.H);
            ChargingFlows.EstablishV2(first.H);
            ChargingFlows.Uplink(first.H, Scenario.YvSgw1, V2Flow.PgwTeidU, 7, size: 100);
            // Graceful stop: one full capture, records stay open.
            Assert.True(state.CaptureAll());
            await state.FlushAsync();
        }

        await using var second = new ChargingRig(outbox, port);
        Assert.True(Checkpointer(second).TryRestore(out var count, out var error), error);
        Assert.Equal(1, count);
        var tunnel = second.H.SingleContext();
        Assert.Equal(2, tunnel.Version);
        Assert.Equal(700, tunnel.Usage.UplinkBytes);
        ChargingFlows.DeleteV2(second.H);
        var records = await second.OutboxFieldsAsync();
        Assert.Equal(2, records.Count);
        Assert.Equal((700L, 0L), records[1].Volumes);
    }

    [Fact]
    public async Task ACorruptRowIsRefusedWithItsKey()
    {
        using var directory = new TempDirectory();
        var file = directory.File("state.db");
        await using (var sink = new StateFile(file))
        {
            Assert.True(sink.TryWrite([new Storage.Cdf.ProducerStateRow(TunnelStateKeys.Of(3), [0x01, 0x01])]));
            await sink.FlushAsync();
        }
        await using var reopened = new StateFile(file);
        var state = new StateCheckpointer(new TunnelTable(), reopened, null, TimeSpan.FromSeconds(10));
        Assert.False(state.TryRestore(out _, out var error));
        Assert.StartsWith("row 'fw.tunnel:00000003': 2 octets", error);
    }

    [Fact]
    public async Task ACaptureCopiesOnlyTheChangedTunnelsAndItsCostIsMeasured()
    {
        using var directory = new TempDirectory();
        await using var sink = new StateFile(directory.File("state.db"));
        var table = new TunnelTable(200_000);
        // An interval of one tick: every AfterBatch captures what changed.
        var state = new StateCheckpointer(table, sink, null, TimeSpan.FromTicks(1));
        var node = table.Nodes.GetOrAdd(IpAddressOf(1));
        for (var i = 0; i < 100_000; i++)
        {
            table.Add(new Tunnel { Kind = TunnelKind.Context, Version = 2, Imsi = (ulong)i, Nsapi = 5, ServingUserNode = node, ServingUserTeid = (uint)i + 1, AnchorUserNode = node, AnchorUserTeid = (uint)i + 200_001 });
        }
        // A capture is spread over batches: at most MaxRowsPerBatch rows each.
        var batches = 0;
        do
        {
            state.AfterBatch();
            Assert.InRange(state.LastRows, 1, StateCheckpointer.MaxRowsPerBatch);
            batches++;
        }
        while (table.PendingChanged > 0);
        Assert.Equal((100_000 + StateCheckpointer.MaxRowsPerBatch - 1) / StateCheckpointer.MaxRowsPerBatch, batches);
        Assert.True(state.CaptureAll());
        Assert.Equal(100_000, state.LastRows);
        var full = state.LastCaptureTime;
        for (var slot = 0; slot < 100_000; slot += 10)
        {
            table.Slot(slot).UplinkBytes += 100;
            table.MarkDirty(slot);
        }
        state.AfterBatch();
        Assert.Equal(StateCheckpointer.MaxRowsPerBatch, state.LastRows);
        Console.WriteLine($"capture on the packet thread: all 100,000 tunnels {full.TotalMilliseconds:F1} ms (graceful stop), one batch's {StateCheckpointer.MaxRowsPerBatch} changed tunnels {state.LastCaptureTime.TotalMilliseconds:F2} ms");
        while (table.PendingChanged > 0)
            state.AfterBatch();
        await state.FlushAsync();
        var rows = sink.Load();
        Assert.Equal(100_000, rows.Count);
        var restored = new TunnelTable();
        Assert.True(TunnelStateRestore.TryApply(rows, restored, out _, out var error), error);
        Assert.Equal(100, restored.Slot(10).UplinkBytes);
        Assert.Equal(0, restored.Slot(11).UplinkBytes);
    }

    private static global::Gtp.Firewall.Packets.IpAddress128 IpAddressOf(uint n) => global::Gtp.Firewall.Packets.IpAddress128.FromIPv4(0x0A000000 + n);
}
