using Charging.GtpPrime;
using System.Diagnostics.Metrics;

namespace Cgf.Server.Diagnostics;

/// <summary>Counters of the CGF (System.Diagnostics.Metrics, meter "Cgf.Server"): dotnet-counters and OpenTelemetry read them.</summary>
public sealed class CgfMetrics : IDisposable
{
    public const string MeterName = "Cgf.Server";

    private readonly Meter _meter = new(MeterName);
    private readonly Counter<long> _requests;
    private readonly Counter<long> _responses;
    private readonly Counter<long> _dropped;
    private readonly Counter<long> _cdrsCommitted;
    private readonly Histogram<int> _batchSize;
    private readonly Histogram<double> _commitLatency;
    private readonly Histogram<double> _acknowledgementLatency;
    private readonly Counter<long> _reloads;
    // Totals since start for the status page's rates; the counters above carry the same values to exporters.
    private long _committedCdrs;
    private long _writerRequests;

    public CgfMetrics()
    {
        _requests = _meter.CreateCounter<long>("cgf.requests", description: "GTP' messages received, by message type");
        _responses = _meter.CreateCounter<long>("cgf.responses", description: "Responses sent, by message type and cause");
        _dropped = _meter.CreateCounter<long>("cgf.dropped", description: "Messages dropped unanswered, by reason");
        _cdrsCommitted = _meter.CreateCounter<long>("cgf.cdrs.committed", description: "CDRs committed (or held pending) durably");
        _batchSize = _meter.CreateHistogram<int>("cgf.commit.batch_size", description: "Requests per transaction");
        _commitLatency = _meter.CreateHistogram<double>("cgf.commit.latency", "ms", "Time to write and commit one transaction");
        _acknowledgementLatency = _meter.CreateHistogram<double>("cgf.ack.latency", "ms", "From enqueue to the response being sent");
        _reloads = _meter.CreateCounter<long>("cgf.config.reloads", description: "Configuration reloads (SIGHUP or file change), by outcome: applied or refused");
    }

    // Tag values are built once: a per-message enum ToString or boxed int would allocate on the hot path.
    private static readonly KeyValuePair<string, object?>[] MessageTags =
        Enumerable.Range(0, 256).Select(t => new KeyValuePair<string, object?>("message", ((GtpPrimeMessageType)t).ToString())).ToArray();
    private static readonly KeyValuePair<string, object?>[] CauseTags =
        Enumerable.Range(0, 256).Select(c => new KeyValuePair<string, object?>("cause", c)).ToArray();

    public void Request(GtpPrimeMessageType messageType) => _requests.Add(1, MessageTags[(byte)messageType]);

    public void Response(GtpPrimeMessageType messageType, GtpPrimeCause cause, int count = 1) =>
        _responses.Add(count, MessageTags[(byte)messageType], CauseTags[(byte)cause]);

    public void Dropped(string reason) => _dropped.Add(1, new KeyValuePair<string, object?>("reason", reason));

    /// <summary>The meter, for the gauges other types register beside these counters.</summary>
    public Meter Meter => _meter;

    public long CommittedCdrsTotal => Interlocked.Read(ref _committedCdrs);

    /// <summary>Data Record Transfer Requests through the writer, whatever their outcome.</summary>
    public long WriterRequestsTotal => Interlocked.Read(ref _writerRequests);

    public void Committed(int requests, long cdrs, TimeSpan duration)
    {
        Interlocked.Add(ref _writerRequests, requests);
        Interlocked.Add(ref _committedCdrs, cdrs);
        _batchSize.Record(requests);
        _commitLatency.Record(duration.TotalMilliseconds);
        if (cdrs > 0)
            _cdrsCommitted.Add(cdrs);
    }

    public void Acknowledged(TimeSpan latency) => _acknowledgementLatency.Record(latency.TotalMilliseconds);

    public void ConfigurationReloaded(bool applied) =>
        _reloads.Add(1, new KeyValuePair<string, object?>("outcome", applied ? "applied" : "refused"));

    public void Dispose() => _meter.Dispose();
}
