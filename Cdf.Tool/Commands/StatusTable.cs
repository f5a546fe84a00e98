using Storage.Cdf;
using System.Globalization;
using System.Text;

namespace Cdf.Tool.Commands;

/// <summary>The outbox counts of <c>cdf status</c> as a table a person reads (docs/cdf-cli.md shows a sample).</summary>
internal static class StatusTable
{
    public static string Format(string path, CdfOutboxStatus status)
    {
        var rows = new (string Name, long Value, string Note)[]
        {
            ("CDRs in the outbox", status.OutboxCdrs, "not yet acknowledged, parked included"),
            ("queued CDRs", status.QueuedCdrs, "not yet in a request"),
            ("in-flight requests", status.InFlightRequests, "sent, waiting for a response"),
            ("uncertain requests", status.UncertainRequests, "possibly duplicated, waiting for Release or Cancel"),
            ("held requests", status.HeldRequests, "waiting for their CGF or a failover"),
            ("parked requests", status.ParkedRequests, $"{status.ParkedCdrs} CDRs refused by the CGF, kept for an operator"),
            ("acknowledged CDRs", status.AcknowledgedCdrs, "since the outbox was created"),
            ("released packets", status.ReleasedPackets, "possibly duplicated, released"),
            ("cancelled packets", status.CancelledPackets, "possibly duplicated, cancelled"),
        };
        var width = rows.Max(r => r.Name.Length);
        var digits = rows.Max(r => r.Value.ToString(CultureInfo.InvariantCulture).Length);
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"outbox {path}: {(status.IsDrained ? "drained" : "work left")}");
        foreach (var (name, value, note) in rows)
            text.AppendLine(CultureInfo.InvariantCulture, $"  {name.PadRight(width)}  {value.ToString(CultureInfo.InvariantCulture).PadLeft(digits)}  {note}");
        return text.ToString();
    }
}
