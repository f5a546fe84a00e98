using Gtp.Firewall.Charging;
using Gtp.Firewall.Inspection;

namespace Gtp.Firewall.Inline;

/// <summary>
/// What the queue service publishes for the HTTP endpoint, the gauges and the alarm monitor while it runs: the engine,
/// the bound queues and the charging. The packet threads own these objects; readers on other threads only read counts
/// (aligned ints and longs, so a value may be one packet old but is never torn) and never call into them.
/// </summary>
internal sealed class RunState
{
    private volatile GtpInspectionEngine? _engine;
    private volatile QueueSet? _queue;
    private volatile UsageCharging? _charging;

    /// <summary>The engine of the running queue, or null before the queue is bound.</summary>
    public GtpInspectionEngine? Engine => _engine;

    /// <summary>The bound queues, or null while they are not bound (starting, failed, stopping).</summary>
    public QueueSet? Queue => _queue;

    /// <summary>Usage charging, or null while it is off or not started.</summary>
    public UsageCharging? Charging => _charging;

    public void Bound(QueueSet queue, GtpInspectionEngine engine)
    {
        _engine = engine;
        _queue = queue;
    }

    public void ChargingStarted(UsageCharging? charging) => _charging = charging;

    /// <summary>The packet loops have ended: the queues are no longer bound (the engine's counts stay readable).</summary>
    public void Unbound() => _queue = null;
}
