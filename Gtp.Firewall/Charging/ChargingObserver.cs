using Charging.Cdr;
using Gtp.Firewall.Gtp;
using Gtp.Firewall.Inspection;
using Gtp.Firewall.Packets;
using Gtp.Firewall.State;
using Gtp.Firewall.Tunnels;
using Storage.Cdf;

namespace Gtp.Firewall.Charging;

/// <summary>
/// The packet-thread half of the firewall as CDF, one per engine (<see cref="UsageCharging.Attach"/>). It keeps
/// per open record only where it started (time, octets so far, partial number): the engine keeps the usage, so a
/// record's octets are always "usage now - usage at opening". Closing a record copies a <see cref="ClosedRecord"/>
/// into the bounded queue; no BER, no I/O here. When the queue is full a partial closure is skipped (its octets go
/// into the next record, nothing is lost) and a final record waits in a spill list retried at every event.
/// </summary>
public sealed class ChargingObserver : ITunnelObserver, ISubscriberObserver
{
    // causeForRecClosing values of TS 32.298 §5.1.2.2.15 the record model has no name for.
    internal const CauseForRecClosing MaxChangeCondition = (CauseForRecClosing)19;
    internal const CauseForRecClosing RatChange = (CauseForRecClosing)22;

    // Time-limit closures per sweep: bounds the work a sweep adds to the packet thread.
    private const int MaxTimeLimitClosuresPerSweep = 16_384;

    private readonly UsageCharging _charging;
    private readonly GtpInspectionEngine _engine;
    private readonly long _timeLimitTicks;
    private readonly Dictionary<long, OpenRecord> _open = new();
    // Records opened in time order: with one TimeLimit their deadlines are in order too (a FIFO, not a heap).
    private readonly Queue<(long Id, int Partial, long Deadline)> _deadlines = new();
    private readonly Queue<(ClosedRecord Record, ProducerStateRow[]? State)> _spill = new();
    // The subscriber fields of each context as of its last create/update (docs/firewall-design.md, "Subscriber fields").
    private readonly Dictionary<long, SubscriberFields> _subscribers = new();
    private readonly int _maxContainers;
    private readonly bool _containerOnUserLocationChange;

    internal ChargingObserver(UsageCharging charging, GtpInspectionEngine engine, TimeSpan timeLimit, int maxContainers = 10, bool containerOnUserLocationChange = false)
    {
        _charging = charging;
        _engine = engine;
        _timeLimitTicks = timeLimit.Ticks;
        _maxContainers = Math.Max(1, maxContainers);
        _containerOnUserLocationChange = containerOnUserLocationChange;
    }

    /// <summary>Contexts with subscriber fields kept (for the memory figure of the bench).</summary>
    public int Subscribers => _subscribers.Count;

    /// <summary>Records open right now (one per live context).</summary>
    public int OpenRecords => _open.Count;

    /// <summary>Final records waiting for room in the queue.</summary>
    public int SpilledRecords => _spill.Count;

    /// <summary>
    /// Tunnel state is kept (<c>run</c>): every closure carries the state row it changes (new opening base, or the
    /// tunnel's removal), committed in the same transaction as the record.
    /// </summary>
    internal bool PersistState { get; set; }

    /// <summary>The open record of tunnel <paramref name="id"/>, for a state checkpoint.</summary>
    internal bool TryGetOpen(long id, out OpenRecordState state)
    {
        if (_open.TryGetValue(id, out var r))
        {
            state = StateOf(id, r);
            return true;
        }
        state = default;
        return false;
    }

    /// <summary>
    /// At start, after the table is restored: the open records as persisted (their time-limit deadlines continue from
    /// their opening time); a context without one (state written without charging) opens one now at its usage.
    /// </summary>
    internal void Restore(IReadOnlyDictionary<long, OpenRecordState> open)
    {
        foreach (var (id, o) in open.OrderBy(e => e.Value.OpenedTicks))
        {
            if (_engine.Tunnels.TryDescribe(id, out var tunnel) && tunnel.Kind == TunnelKind.Context)
            {
                if (o.Subscriber is { } subscriber)
                    _subscribers[id] = subscriber.Current;
                Open(id, new TunnelUsage(0, o.UplinkOctetsAtOpening, 0, o.DownlinkOctetsAtOpening), o.OpenedTicks, o.Partial);
                if (o.Subscriber is { } s && _open.TryGetValue(id, out var record))
                    s.RestoreInto(record);
            }
        }
        foreach (var tunnel in _engine.Tunnels.Enumerate())
        {
            if (tunnel.Kind == TunnelKind.Context && !_open.ContainsKey(tunnel.Id))
                Open(tunnel.Id, tunnel.Usage, Math.Max(Now, DateTime.UtcNow.Ticks), partial: 0);
        }
    }

    public void TunnelCreated(in TunnelInfo tunnel) => Open(tunnel.Id, tunnel.Usage, Now, partial: 0);

    public void TunnelUpdated(in TunnelInfo tunnel, IpAddress128 previousServingControl, IpAddress128 previousServingUser)
    {
        // A serving node change is a change of the SGSN/SGW control address (an allowed handover); a new user
        // address alone (direct tunnel, new SGW user plane) is not one.
        if (previousServingControl != tunnel.ServingControl && _open.ContainsKey(tunnel.Id))
            ClosePartial(tunnel, CauseForRecClosing.ServingNodeChange, previousServingControl);
    }

    public void SubscriberCaptured(long tunnelId, SubscriberFields fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        if (!_open.TryGetValue(tunnelId, out var record))
            return;
        _subscribers[tunnelId] = fields;
        record.OpenedWith = fields;
        record.ContainerFields = fields;
        // The fields go into the tunnel's state row at the next checkpoint.
        _engine.Tunnels.MarkDirty(SlotOf(tunnelId));
    }

    /// <summary>
    /// An accepted update: a RAT change closes the record (rATChange), a QoS change closes the traffic volume
    /// container (qoSChange), a location change does so where configured (userLocationChange); TS 32.251 §5.2.3.4.
    /// </summary>
    public void SubscriberChanged(long tunnelId, SubscriberFields update)
    {
        ArgumentNullException.ThrowIfNull(update);
        if (!_open.TryGetValue(tunnelId, out var record) || !_engine.Tunnels.TryDescribe(tunnelId, out var tunnel))
            return;
        var previous = _subscribers.GetValueOrDefault(tunnelId) ?? SubscriberFields.Empty;
        var current = previous.Merge(update);
        _subscribers[tunnelId] = current;
        _engine.Tunnels.MarkDirty(SlotOf(tunnelId));
        var container = record.ContainerFields ?? previous;
        if (container.RatType is { } rat && current.RatType != rat)
            ClosePartial(tunnel, RatChange, tunnel.ServingControl);
        else if ((container.Qos is not null || container.ApnAmbr is not null) && container.QosDiffers(current))
            CloseContainer(tunnel, record, ChangeCondition.QosChange, current);
        else if (_containerOnUserLocationChange && container.UserLocation is not null && !SubscriberFields.Same(container.UserLocation, current.UserLocation))
            CloseContainer(tunnel, record, ChangeCondition.UserLocationChange, current);
    }

    public void TunnelVolumeLimitReached(in TunnelInfo tunnel)
    {
        if (_open.ContainsKey(tunnel.Id))
            ClosePartial(tunnel, CauseForRecClosing.VolumeLimit, tunnel.ServingControl);
    }

    public void TunnelDeleted(in TunnelInfo tunnel, TunnelDeleteReason reason)
    {
        // Delete PDP Context / Session / Bearer accepted = normal release; idle expiry, peer restart and
        // replacement end the context without signalling = abnormal release (TS 32.298 §5.1.2.2.15).
        CloseFinal(tunnel, reason == TunnelDeleteReason.Deleted ? CauseForRecClosing.NormalRelease : CauseForRecClosing.AbnormalRelease);
    }

    public void Swept(TunnelTable tunnels, long nowTicks)
    {
        RetrySpill();
        if (_timeLimitTicks <= 0)
            return;
        for (var closed = 0; closed < MaxTimeLimitClosuresPerSweep && _deadlines.TryPeek(out var next) && next.Deadline <= nowTicks; closed++)
        {
            _deadlines.Dequeue();
            // Stale entries (record closed or already partial since) are skipped.
            if (_open.TryGetValue(next.Id, out var record) && record.Partial == next.Partial && tunnels.TryDescribe(next.Id, out var tunnel))
                ClosePartial(tunnel, CauseForRecClosing.TimeLimit, tunnel.ServingControl);
        }
    }

    /// <summary>
    /// Firewall shutdown, on the packet thread: closes the record of every live context with managementIntervention
    /// at <paramref name="nowTicks"/> (default: the last packet's time; a later time sweeps the engine up to it
    /// first). The contexts stay in the table; call it once, after the last packet. Returns the records closed.
    /// </summary>
    public int CloseAll(long nowTicks = 0)
    {
        if (nowTicks > _engine.NowTicks)
            _engine.Sweep(nowTicks);
        var closed = 0;
        foreach (var tunnel in _engine.Tunnels.Enumerate())
        {
            if (tunnel.Kind == TunnelKind.Context)
            {
                CloseFinal(tunnel, CauseForRecClosing.ManagementIntervention, tunnelStays: true);
                closed++;
            }
        }
        RetrySpill();
        return closed;
    }

    private long Now => _engine.NowTicks;

    private void Open(long id, TunnelUsage usage, long nowTicks, int partial)
    {
        var fields = _subscribers.GetValueOrDefault(id);
        _open[id] = new OpenRecord
        {
            OpenedTicks = nowTicks,
            UplinkOctets = usage.UplinkBytes,
            DownlinkOctets = usage.DownlinkBytes,
            Partial = partial,
            OpenedWith = fields,
            ContainerFields = fields,
            ContainerOpenedTicks = nowTicks,
            ContainerUplink = usage.UplinkBytes,
            ContainerDownlink = usage.DownlinkBytes,
        };
        if (_timeLimitTicks > 0)
            _deadlines.Enqueue((id, partial, nowTicks > long.MaxValue - _timeLimitTicks ? long.MaxValue : nowTicks + _timeLimitTicks));
    }

    /// <summary>
    /// Closes the open container with <paramref name="condition"/> and opens one with <paramref name="current"/>; at
    /// the record's container limit the record closes instead (maxChangeCond), its last container with this condition.
    /// </summary>
    private void CloseContainer(in TunnelInfo tunnel, OpenRecord record, ChangeCondition condition, SubscriberFields current)
    {
        if ((record.Containers?.Count ?? 0) + 1 >= _maxContainers)
        {
            ClosePartial(tunnel, MaxChangeCondition, tunnel.ServingControl, condition);
            return;
        }
        var now = Math.Max(Now, record.ContainerOpenedTicks);
        (record.Containers ??= []).Add(new UsageContainer(
            Math.Max(0, tunnel.Usage.UplinkBytes - record.ContainerUplink), Math.Max(0, tunnel.Usage.DownlinkBytes - record.ContainerDownlink),
            condition, record.ContainerOpenedTicks, now, record.ContainerFields));
        record.ContainerFields = current;
        record.ContainerOpenedTicks = now;
        record.ContainerUplink = tunnel.Usage.UplinkBytes;
        record.ContainerDownlink = tunnel.Usage.DownlinkBytes;
    }

    private void ClosePartial(in TunnelInfo tunnel, CauseForRecClosing cause, IpAddress128 servingControl, ChangeCondition lastCondition = ChangeCondition.RecordClosure)
    {
        var record = _open[tunnel.Id];
        var now = Math.Max(Now, record.OpenedTicks);
        RetrySpill();
        var fields = _subscribers.GetValueOrDefault(tunnel.Id);
        var state = PersistState
            ? StateRow(tunnel, new OpenRecordState(now, tunnel.Usage.UplinkBytes, tunnel.Usage.DownlinkBytes, record.Partial + 1,
                fields is null ? null : new SubscriberState(fields, fields, fields, now, tunnel.Usage.UplinkBytes, tunnel.Usage.DownlinkBytes, [])))
            : null;
        if (!_charging.TryWrite(Snapshot(tunnel, record, now, cause, servingControl, record.Partial + 1, fields, lastCondition), state))
        {
            // Queue full: this partial boundary is skipped; the octets stay in the open record.
            _charging.CountMergedPartial(cause);
            if (_timeLimitTicks > 0 && cause == CauseForRecClosing.TimeLimit)
                _deadlines.Enqueue((tunnel.Id, record.Partial, now + _timeLimitTicks));
            return;
        }
        Open(tunnel.Id, tunnel.Usage, now, record.Partial + 1);
    }

    /// <param name="tunnelStays">The tunnel remains (a stop closing every record): its state row gets a record opened now.</param>
    private void CloseFinal(in TunnelInfo tunnel, CauseForRecClosing cause, bool tunnelStays = false)
    {
        if (!_open.Remove(tunnel.Id, out var record))
            record = new OpenRecord { OpenedTicks = tunnel.Created.Ticks };
        var now = Math.Max(Now, record.OpenedTicks);
        // A record that had partials before carries the next number; a lone complete record carries none.
        var fields = _subscribers.GetValueOrDefault(tunnel.Id);
        var closed = Snapshot(tunnel, record, now, cause, tunnel.ServingControl, record.Partial == 0 ? 0 : record.Partial + 1, fields, ChangeCondition.RecordClosure);
        if (!tunnelStays)
            _subscribers.Remove(tunnel.Id);
        ProducerStateRow[]? state = null;
        if (PersistState)
        {
            state = tunnelStays
                ? StateRow(tunnel, new OpenRecordState(now, tunnel.Usage.UplinkBytes, tunnel.Usage.DownlinkBytes, 0,
                    fields is null ? null : new SubscriberState(fields, fields, fields, now, tunnel.Usage.UplinkBytes, tunnel.Usage.DownlinkBytes, [])))
                : [ProducerStateRow.Delete(TunnelStateKeys.Of(SlotOf(tunnel.Id)))];
        }
        RetrySpill();
        if (_spill.Count > 0 || !_charging.TryWrite(closed, state))
            Spill(closed, state);
    }

    private static int SlotOf(long id) => (int)(uint)id;

    private ProducerStateRow[] StateRow(in TunnelInfo tunnel, OpenRecordState open)
    {
        var slot = SlotOf(tunnel.Id);
        return [new ProducerStateRow(TunnelStateKeys.Of(slot), TunnelStateCodec.Encode(_engine.Tunnels, slot, open))];
    }

    private void Spill(in ClosedRecord closed, ProducerStateRow[]? state)
    {
        if (_spill.Count >= _charging.SpillCapacity)
        {
            _charging.CountLost(closed);
            return;
        }
        if (_spill.Count == 0)
            _charging.ReportQueueFull();
        _spill.Enqueue((closed, state));
    }

    private void RetrySpill()
    {
        while (_spill.TryPeek(out var spilled) && _charging.TryWrite(spilled.Record, spilled.State))
            _spill.Dequeue();
    }

    private static ClosedRecord Snapshot(in TunnelInfo t, OpenRecord record, long nowTicks, CauseForRecClosing cause, IpAddress128 servingControl,
        int recordSequenceNumber, SubscriberFields? fields, ChangeCondition lastCondition)
    {
        // The containers closed by changes, then the open one, closed by this record's closure (§5.1.2.2.25).
        UsageContainer[]? containers = null;
        if (fields is not null || record.Containers is { Count: > 0 })
        {
            var closed = record.Containers ?? [];
            containers = new UsageContainer[closed.Count + 1];
            closed.CopyTo(containers);
            containers[^1] = new UsageContainer(
                Math.Max(0, t.Usage.UplinkBytes - record.ContainerUplink), Math.Max(0, t.Usage.DownlinkBytes - record.ContainerDownlink),
                lastCondition, record.ContainerOpenedTicks, nowTicks, record.ContainerFields);
        }
        return new(t.Version, t.Imsi, t.Nsapi, t.ChargingId, servingControl, t.AnchorControl, t.Apn, t.PdpType, t.EndUser,
            record.OpenedTicks, nowTicks,
            Math.Max(0, t.Usage.UplinkBytes - record.UplinkOctets), Math.Max(0, t.Usage.DownlinkBytes - record.DownlinkOctets),
            cause, recordSequenceNumber, containers, record.OpenedWith, fields);
    }

    private OpenRecordState StateOf(long id, OpenRecord r)
        => new(r.OpenedTicks, r.UplinkOctets, r.DownlinkOctets, r.Partial,
            _subscribers.TryGetValue(id, out var current) ? SubscriberState.Of(current, r) : null);

    internal sealed class OpenRecord
    {
        public long OpenedTicks;
        public long UplinkOctets;
        public long DownlinkOctets;
        /// <summary>Partial records closed so far for this context.</summary>
        public int Partial;
        /// <summary>Subscriber fields when the record opened (its userLocationInformation, mSTimeZone...).</summary>
        public SubscriberFields? OpenedWith;
        /// <summary>The open container: the fields it started with (its QoS, RAT, location) and the usage then.</summary>
        public SubscriberFields? ContainerFields;
        public long ContainerOpenedTicks;
        public long ContainerUplink;
        public long ContainerDownlink;
        /// <summary>Containers closed by changes in this record (null = none yet).</summary>
        public List<UsageContainer>? Containers;
    }
}
