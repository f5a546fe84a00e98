using Cgf.Server.Transport;
using System.Diagnostics.Metrics;

namespace Cgf.Server.Diagnostics;

/// <summary>
/// The limits' instruments on the CGF's meter (docs/cgf-design.md, "Limits"): observable, reading plain counters at
/// scrape time, so neither the ingest path nor a flood of denied datagrams pays for a measurement.
/// </summary>
public sealed class LimitInstruments
{
    private static readonly (TcpLimit Limit, KeyValuePair<string, object?> Tag)[] ClosedByLimitTags =
    [
        (TcpLimit.Idle, new("limit", "idle")),
        (TcpLimit.IncompleteFrame, new("limit", "incomplete-frame")),
        (TcpLimit.FrameTooLarge, new("limit", "frame-too-large")),
        (TcpLimit.ResponsesDropped, new("limit", "responses-dropped")),
    ];

    public LimitInstruments(CgfMetrics metrics, TcpLimitCounters tcp, RateLimitedLog log)
    {
        var meter = metrics.Meter;
        meter.CreateObservableGauge("cgf.tcp.connections", () => tcp.Open, "{connection}", "Open GTP' TCP connections");
        meter.CreateObservableCounter("cgf.tcp.refused", () => new[]
        {
            new Measurement<long>(tcp.RefusedPerPeer, new KeyValuePair<string, object?>("limit", "per-peer")),
            new Measurement<long>(tcp.RefusedTotal, new KeyValuePair<string, object?>("limit", "total")),
        }, "{connection}", "TCP connections closed at once: Cgf:Limits:TcpConnectionsPerPeer or TcpConnections reached");
        meter.CreateObservableCounter("cgf.tcp.closed_by_limit", () => ClosedByLimitTags.Select(t => new Measurement<long>(tcp.ClosedByLimit(t.Limit), t.Tag)),
            "{connection}", "TCP connections the CGF closed because the peer reached a Cgf:Limits limit");
        meter.CreateObservableCounter("cgf.tcp.responses_dropped", () => tcp.ResponsesDropped, "{response}",
            "Responses dropped because a TCP peer does not read (Cgf:Limits:TcpQueuedResponseOctets)");
        meter.CreateObservableGauge("cgf.denied_sources.tracked", () => log.DeniedSources.Count, "{source}",
            "Sources not in Cgf:Peers remembered for rate-limited logging (at most Cgf:Limits:TrackedSources)");
        meter.CreateObservableCounter("cgf.denied_sources.evicted", () => log.DeniedSources.Evicted, "{source}",
            "Sources not in Cgf:Peers forgotten to make room for newer ones");
        meter.CreateObservableCounter("cgf.log.suppressed", () => new[]
        {
            new Measurement<long>(log.DeniedSources.Suppressed, new KeyValuePair<string, object?>("table", "denied-sources")),
            new Measurement<long>(log.PeerLines.Suppressed, new KeyValuePair<string, object?>("table", "peer-messages")),
        }, "{line}", "Log lines not written because of Cgf:Limits:LogInterval or LogLinesPerInterval");
    }
}
