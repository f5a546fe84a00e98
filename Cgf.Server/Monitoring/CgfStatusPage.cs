using Cgf.Server.Configuration;
using Cgf.Server.Export;
using Cgf.Server.Protocol;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Operations.Status;
using Storage.Cgf;
using System.Globalization;

namespace Cgf.Server.Monitoring;

/// <summary>
/// The CGF's sections of the status page (docs/operations.md "Status page"): node, traffic rates, pending and
/// possibly-duplicated packets, export, and one row per peer. Peers and pending counts are read fresh from the
/// database (small tables and partial indexes); sizes and rates come from the monitor's last sample.
/// </summary>
public sealed class CgfStatusPage(
    IOptions<CgfOptions> options,
    CgfState state,
    CgfMonitor monitor,
    OverloadMonitor overload,
    ExportService export,
    PeerRegistry peers) : IStatusPageContent
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public string Title => $"CGF {options.Value.NodeId}";

    public void Write(StatusPageWriter page)
    {
        var cgf = options.Value;
        var sample = monitor.Latest;
        var activity = (cgf.Storage.Provider == StorageProvider.Sqlite ? ReadActivity(cgf.Storage.Path) : null) ?? sample.Activity;

        page.Section("Node").Facts("node",
        [
            ("Node", cgf.NodeId),
            ("Restart counter", state.RestartCounter.ToString(Invariant)),
            ("GTP' listen", $"{cgf.Listen.Address} port {cgf.Listen.Port} ({Transports(cgf.Listen)})"),
            ("Database", cgf.StorageLocation().Describe()),
            ("Database size", Bytes(sample.DatabaseBytes) + (cgf.Storage.MaxDatabaseSize > 0 ? $" of {Bytes(cgf.Storage.MaxDatabaseSize)}" : "")),
            ("WAL size", Bytes(sample.WalBytes)),
            ("Free disk", sample.DiskTotalBytes > 0 ? $"{Bytes(sample.DiskFreeBytes)} of {Bytes(sample.DiskTotalBytes)}" : "unknown"),
            ("Write queue", (state.IsStorageOpen ? state.Writer.QueueDepth : 0).ToString(Invariant) + (overload.IsOverloaded ? " (overload: answering 199)" : "")),
            ("Active peers", peers.SeenWithin(cgf.ActivePeerWindow).Count().ToString(Invariant)),
        ]);

        page.Section("Traffic").Facts("traffic",
        [
            ("CDRs committed per second", sample.CdrsPerSecond.ToString("F1", Invariant)),
            ("Transfer requests per second", sample.RequestsPerSecond.ToString("F1", Invariant)),
            ("Pending packets (possibly duplicated, held)", (activity?.PendingPackets ?? 0).ToString(Invariant)),
            ("Pending CDRs", (activity?.PendingCdrs ?? 0).ToString(Invariant)),
            ("Possibly-duplicate CDRs awaiting export", (activity?.PossiblyDuplicateCdrsAwaitingExport ?? 0).ToString(Invariant)),
        ]);

        var exportStatus = export.Status;
        page.Section("Export").Facts("export", exportStatus.Directory is null
            ? [("State", "off (Cgf:Export:Directory not set)")]
            :
            [
                ("Directory", exportStatus.Directory),
                ("State", exportStatus switch
                {
                    { PoolExporter: { } holder } => $"standby: CGF {holder} holds the pool's export lease",
                    { DownstreamLost: true } => $"downstream lost, failing since {exportStatus.FailingSince:u}",
                    { FailingSince: { } since } => $"failing since {since:u}",
                    _ => "ok",
                }),
                ("Last file", exportStatus.LastFile ?? "none yet"),
            ]);

        if (cgf.Delivery.Destinations.Count > 0 && ReadDelivery(cgf) is { } delivery)
        {
            page.Section("Delivery").Facts("delivery",
            [
                ("Mode", cgf.Delivery.Mode.ToString()),
                ("Undelivered files", delivery.UndeliveredFiles.ToString(Invariant) +
                    (delivery.OldestUndelivered is { } oldest ? $" (oldest {oldest.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", Invariant)})" : "")),
            ]);
            page.Table("delivery-destinations", ["Destination", "Active", "Delivered files", "Last success (UTC)", "Consecutive failures", "Last error"],
                delivery.Destinations.Select(d => (IReadOnlyList<string>)
                [
                    d.Destination,
                    d.Active ? "yes" : "no",
                    d.DeliveredFiles.ToString(Invariant),
                    d.LastSuccess?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", Invariant) ?? "never",
                    d.ConsecutiveFailures.ToString(Invariant),
                    d.ConsecutiveFailures > 0 ? d.LastError ?? "" : "",
                ]), empty: "no destination");
        }

        page.Section("Peers").Table("peers",
            ["Address", "Last seen (UTC)", "Requests by kind", "Responses by cause", "CDRs committed", "CDRs pending", "Quarantined records"],
            (activity?.Peers ?? []).Select(PeerRow), empty: "no peer has sent a Data Record Transfer Request");
    }

    private static IReadOnlyList<string> PeerRow(CgfPeerStatus peer) =>
    [
        peer.Address,
        peer.LastSeen.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", Invariant),
        Join(peer.Requests.Where(c => !c.Key.StartsWith("cause", StringComparison.Ordinal) && !c.Key.StartsWith("cdrs", StringComparison.Ordinal) && c.Key != "quarantined")),
        Join(peer.Requests.Where(c => c.Key.StartsWith("cause", StringComparison.Ordinal)).Select(c => KeyValuePair.Create(c.Key["cause".Length..], c.Value))),
        Count(peer, "cdrsCommitted"),
        Count(peer, "cdrsPending"),
        Count(peer, "quarantined"),
    ];

    private static string Count(CgfPeerStatus peer, string name) =>
        (peer.Requests.TryGetValue(name, out var value) ? value : 0).ToString(Invariant);

    private static string Join(IEnumerable<KeyValuePair<string, long>> counts) =>
        string.Join(", ", counts.Select(c => $"{c.Key}: {c.Value.ToString(Invariant)}"));

    private static string Transports(ListenOptions listen) =>
        string.Join(" and ", new[] { listen.Udp ? "UDP" : null, listen.Tcp ? "TCP" : null }.OfType<string>());

    private static string Bytes(long bytes) => bytes switch
    {
        >= 1L << 30 => string.Create(Invariant, $"{bytes / (double)(1L << 30):F2} GiB"),
        >= 1L << 20 => string.Create(Invariant, $"{bytes / (double)(1L << 20):F1} MiB"),
        >= 1L << 10 => string.Create(Invariant, $"{bytes / 1024.0:F1} KiB"),
        _ => string.Create(Invariant, $"{bytes} B"),
    };

    private Storage.Cgf.Delivery.CgfDeliveryStatus? ReadDelivery(CgfOptions cgf)
    {
        if (!state.IsStorageOpen || cgf.Storage.Provider == StorageProvider.Sqlite && !File.Exists(cgf.Storage.Path))
            return null;
        try
        {
            return CgfStorage.ReadDeliveryStatus(cgf.StorageLocation());
        }
        catch (Exception exception) when (CgfStorage.IsFailure(exception))
        {
            return null;
        }
    }

    private CgfActivity? ReadActivity(string path)
    {
        if (!state.IsStorageOpen || !File.Exists(path))
            return null;
        try
        {
            return CgfActivityReader.Read(path);
        }
        catch (Exception exception) when (exception is SqliteException or IOException)
        {
            return null; // The page still shows the last sample.
        }
    }
}
