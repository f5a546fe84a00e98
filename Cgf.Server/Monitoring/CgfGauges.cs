using Cgf.Server.Configuration;
using Cgf.Server.Diagnostics;
using Cgf.Server.Protocol;
using Microsoft.Extensions.Options;

namespace Cgf.Server.Monitoring;

/// <summary>
/// The gauges an operator watches, on the CGF's meter beside its counters (docs/operations.md "Metrics"). Each reads
/// state already kept in memory or the monitor's last sample, so a scrape costs no I/O.
/// </summary>
public sealed class CgfGauges
{
    public CgfGauges(CgfMetrics metrics, CgfState state, CgfMonitor monitor, PeerRegistry peers, IOptions<CgfOptions> options, FreeDiskMonitor freeDisk)
    {
        var meter = metrics.Meter;
        meter.CreateObservableGauge("cgf.writer.queue_depth", () => state.IsStorageOpen ? state.Writer.QueueDepth : 0, "{request}",
            "Requests queued for the writer and not yet in a transaction");
        meter.CreateObservableGauge("cgf.cdrs.pending", () => monitor.Latest.Activity?.PendingCdrs ?? 0, "{cdr}",
            "CDRs of possibly duplicated packets held pending (awaiting Release or Cancel)");
        meter.CreateObservableGauge("cgf.packets.pending", () => monitor.Latest.Activity?.PendingPackets ?? 0, "{packet}",
            "Possibly duplicated packets held pending");
        meter.CreateObservableGauge("cgf.cdrs.possibly_duplicate", () => monitor.Latest.Activity?.PossiblyDuplicateCdrsAwaitingExport ?? 0, "{cdr}",
            "CDRs committed with the possibly-duplicate flag, not yet exported");
        meter.CreateObservableGauge("cgf.database.size", () => monitor.Latest.DatabaseBytes, "By", "Size of the database file");
        meter.CreateObservableGauge("cgf.database.wal_size", () => monitor.Latest.WalBytes, "By", "Size of the database's write-ahead log");
        meter.CreateObservableGauge("cgf.disk.free", () => monitor.Latest.DiskFreeBytes, "By", "Free space on the database's volume");
        meter.CreateObservableGauge("cgf.restart_counter", () => (int)state.RestartCounter, description: "This start's restart counter (GTP' Recovery)");
        meter.CreateObservableGauge("cgf.cdrs.oldest_age", () => monitor.Latest.Activity?.Retention?.OldestCdrReceivedAt is { } oldest
            ? Math.Max(0, (monitor.Latest.At - oldest).TotalSeconds) : 0, "s", "Age of the oldest CDR still stored (Cgf:Retention:Cdrs removes exported ones)");
        meter.CreateObservableGauge("cgf.database.free_size", () => monitor.Latest.Activity?.Retention?.FreeBytes ?? 0, "By",
            "Free pages inside the database file, reused by new rows");
        meter.CreateObservableCounter("cgf.retention.cdrs_removed", () => state.IsStorageOpen ? state.Writer.CdrsRemoved : 0, "{cdr}",
            "Exported CDRs removed by retention in this run");
        meter.CreateObservableCounter("cgf.retention.quarantine_removed", () => state.IsStorageOpen ? state.Writer.QuarantineRemoved : 0, "{record}",
            "Quarantined records removed by retention in this run");
        meter.CreateObservableGauge("cgf.disk.below_min_free", () => freeDisk.IsLow ? 1 : 0, description:
            "1 while free space is below Cgf:Storage:MinFreeDisk (new CDRs answered 199)");
        meter.CreateObservableGauge("cgf.peers.active", () => peers.SeenWithin(options.Value.ActivePeerWindow).Count(), "{peer}",
            "Peers heard from within Cgf:ActivePeerWindow in this run");
    }
}
