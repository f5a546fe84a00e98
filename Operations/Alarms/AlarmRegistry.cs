using Microsoft.Extensions.Logging;
using System.Diagnostics.Metrics;

namespace Operations.Alarms;

/// <summary>
/// The alarms of one program. Each raise and clear is logged once (events 9000/9001) and shows in the observable gauge
/// <c>PREFIX.alarm.active</c> (Prometheus <c>PREFIX_alarm_active{alarm="NAME"}</c>: the number of subjects the alarm
/// is active for, 0 when clear) and on the status page. Thread-safe; raising an active alarm again only updates its reason.
/// </summary>
public sealed class AlarmRegistry : IDisposable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(string Name, string Subject), ActiveAlarm> _active = [];
    private readonly SortedSet<string> _known = new(StringComparer.Ordinal);
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Meter _meter;

    /// <param name="meterName">The program's meter (the one its OpenTelemetry set-up already exports).</param>
    /// <param name="instrumentPrefix">The program's instrument prefix, e.g. <c>cgf</c> for <c>cgf.alarm.active</c>.</param>
    public AlarmRegistry(string meterName, string instrumentPrefix, ILogger<AlarmRegistry> logger, TimeProvider? time = null)
    {
        _logger = logger;
        _time = time ?? TimeProvider.System;
        _meter = new Meter(meterName);
        _meter.CreateObservableGauge($"{instrumentPrefix}.alarm.active", Observe,
            description: "Subjects each alarm is active for (0 = clear)");
    }

    /// <summary>Makes <paramref name="names"/> appear in the gauge at 0 before they are ever raised.</summary>
    public void Declare(params string[] names)
    {
        lock (_lock)
            _known.UnionWith(names);
    }

    /// <summary>Raises (or keeps raised) an alarm; true when it was not active before.</summary>
    public bool Raise(string name, string subject, string reason)
    {
        lock (_lock)
        {
            _known.Add(name);
            if (_active.TryGetValue((name, subject), out var existing))
            {
                _active[(name, subject)] = existing with { Reason = reason };
                return false;
            }
            _active[(name, subject)] = new ActiveAlarm(name, subject, reason, _time.GetUtcNow());
        }
        AlarmLog.Raised(_logger, name, subject, reason);
        return true;
    }

    /// <summary>Clears an alarm; true when it was active.</summary>
    public bool Clear(string name, string subject = "")
    {
        ActiveAlarm? cleared;
        lock (_lock)
        {
            if (!_active.Remove((name, subject), out cleared))
                return false;
        }
        AlarmLog.Cleared(_logger, name, subject, _time.GetUtcNow() - cleared.Since);
        return true;
    }

    /// <summary>Applies a pure decision's transition to one alarm.</summary>
    public void Apply(AlarmTransition transition, string name, string subject, string reason)
    {
        if (transition == AlarmTransition.Raise)
            Raise(name, subject, reason);
        else if (transition == AlarmTransition.Clear)
            Clear(name, subject);
    }

    public bool IsActive(string name, string subject = "")
    {
        lock (_lock)
            return _active.ContainsKey((name, subject));
    }

    /// <summary>The alarms in force, oldest first.</summary>
    public IReadOnlyList<ActiveAlarm> Active()
    {
        lock (_lock)
            return _active.Values.OrderBy(a => a.Since).ThenBy(a => a.Name, StringComparer.Ordinal).ToArray();
    }

    private IEnumerable<Measurement<int>> Observe()
    {
        lock (_lock)
        {
            var counts = _known.ToDictionary(n => n, _ => 0, StringComparer.Ordinal);
            foreach (var key in _active.Keys)
                counts[key.Name]++;
            return counts.Select(c => new Measurement<int>(c.Value, new KeyValuePair<string, object?>("alarm", c.Key))).ToArray();
        }
    }

    public void Dispose() => _meter.Dispose();
}
