using Gtp.Firewall.Gtp;
using Gtp.Firewall.Packets;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace Gtp.Firewall.Tunnels;

/// <summary>
/// The tunnel table: tunnel records by value in one growable slot array (free list, generation per slot) and one
/// <see cref="TunnelIndex"/> over control, user and subscriber keys. Not thread-safe: one engine owns it.
/// </summary>
public sealed class TunnelTable
{
    private readonly TunnelIndex _index;
    private Tunnel[] _slots;
    private int _used;
    private int _freeHead = -1;
    // State persistence (docs/firewall-design.md, "Tunnel state"): slots changed and slots freed since the last capture.
    private List<int>? _dirty;
    private List<int>? _freed;
    private int _controlChanges;

    public TunnelTable(int expectedTunnels = 1024, ITunnelObserver? observer = null)
    {
        _slots = LargeTable.Allocate<Tunnel>(Math.Max(16, expectedTunnels));
        // Up to five keys per context: subscriber, anchor C/U, serving C/U.
        _index = new TunnelIndex(Math.Max(16, expectedTunnels) * 5);
        Observer = observer;
    }

    public NodeTable Nodes { get; } = new();
    public ApnTable Apns { get; } = new();
    public ITunnelObserver? Observer { get; set; }
    public int MaxTunnels { get; set; } = 16_000_000;

    /// <summary>
    /// Octets (uplink + downlink) per volume-limit event (<see cref="ITunnelObserver.TunnelVolumeLimitReached"/>);
    /// 0 = none. Set before traffic: it arms contexts as they are added.
    /// </summary>
    public long VolumeLimit { get; set; }
    public int Count { get; private set; }
    public int ContextCount { get; private set; }
    public int ForwardingCount => Count - ContextCount;
    public int IndexEntries => _index.Count;

    /// <summary>
    /// Keeps the slots changed and freed since the last <see cref="CaptureChanges"/> (state persistence). Set before
    /// traffic; off, <see cref="MarkDirty"/> only sets the flag once per tunnel.
    /// </summary>
    public bool TrackChanges
    {
        get => _dirty is not null;
        set
        {
            _dirty = value ? _dirty ?? [] : null;
            _freed = value ? _freed ?? [] : null;
        }
    }

    /// <summary>Tunnels added, updated or removed since the last capture (the control plane: persisted promptly).</summary>
    public int PendingControlChanges => _controlChanges;

    /// <summary>Changed slots not yet captured (may count a slot twice or a freed one).</summary>
    public int PendingChanged => _dirty?.Count ?? 0;

    /// <summary>
    /// Marks a tunnel changed since the last checkpoint. Callers on the G-PDU path test <see cref="TunnelFlags.Dirty"/>
    /// first, so this runs once per tunnel per checkpoint interval, not per packet.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public void MarkDirty(int slot)
    {
        ref var t = ref _slots[slot];
        if ((t.Flags & TunnelFlags.Dirty) != 0 || t.Kind == TunnelKind.Free)
        {
            return;
        }
        t.Flags |= TunnelFlags.Dirty;
        _dirty?.Add(slot);
    }

    /// <summary>
    /// Moves the slots freed and the live slots changed since the last capture into the two lists (cleared first) and
    /// clears their dirty marks: what a checkpoint must delete and write, freed first (a slot may be freed and reused).
    /// </summary>
    /// <param name="maxChanged">At most this many changed slots are taken; the rest stay for the next capture.</param>
    public void CaptureChanges(List<int> freed, List<int> changed, int maxChanged = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(freed);
        ArgumentNullException.ThrowIfNull(changed);
        freed.Clear();
        changed.Clear();
        if (_dirty is null || _freed is null)
        {
            return;
        }
        freed.AddRange(_freed);
        _freed.Clear();
        _controlChanges = 0;
        // From the end: what is left stays a prefix of the list.
        var i = _dirty.Count;
        while (i > 0 && changed.Count < maxChanged)
        {
            var slot = _dirty[--i];
            ref var t = ref _slots[slot];
            if ((t.Flags & TunnelFlags.Dirty) != 0)
            {
                t.Flags &= ~TunnelFlags.Dirty;
                changed.Add(slot);
            }
        }
        _dirty.RemoveRange(i, _dirty.Count - i);
    }

    /// <summary>A capture that could not be written: its slots are captured again next time (freed first, live ones marked).</summary>
    public void RequeueChanges(List<int> freed, List<int> changed)
    {
        ArgumentNullException.ThrowIfNull(freed);
        ArgumentNullException.ThrowIfNull(changed);
        if (_dirty is null || _freed is null)
        {
            return;
        }
        _freed.InsertRange(0, freed);
        foreach (var slot in changed)
        {
            MarkDirty(slot);
        }
        _controlChanges += freed.Count;
    }

    /// <summary>Marks every live tunnel changed (a full checkpoint, e.g. the first one after a restore or a graceful stop).</summary>
    public void MarkAllDirty()
    {
        for (var slot = 0; slot < _used; slot++)
        {
            MarkDirty(slot);
        }
    }

    /// <summary>
    /// Puts a persisted tunnel back into its slot with its generation, so its id is the one it had (open usage records
    /// are keyed by it). For an empty table before traffic; finish with <see cref="CompleteRestore"/>. No observer call.
    /// False when the slot is taken or beyond <see cref="MaxTunnels"/>.
    /// </summary>
    public bool Restore(int slot, in Tunnel tunnel)
    {
        if (slot < 0 || slot >= MaxTunnels || tunnel.Kind == TunnelKind.Free || _freeHead >= 0)
        {
            return false;
        }
        if (slot >= _slots.Length)
        {
            var grown = LargeTable.Allocate<Tunnel>(Math.Max(_slots.Length * 2, slot + 1));
            _slots.AsSpan().CopyTo(grown);
            _slots = grown;
        }
        if (_slots[slot].Kind != TunnelKind.Free)
        {
            return false;
        }
        _slots[slot] = tunnel;
        _slots[slot].Flags &= ~TunnelFlags.Dirty;
        _slots[slot].NextFree = 0;
        _slots[slot].VolumeThreshold = tunnel.Kind == TunnelKind.Context && VolumeLimit > 0
            ? tunnel.UplinkBytes + tunnel.DownlinkBytes + VolumeLimit
            : long.MaxValue;
        _used = Math.Max(_used, slot + 1);
        Count++;
        if (tunnel.Kind == TunnelKind.Context)
        {
            ContextCount++;
        }
        CountNodes(_slots[slot], 1);
        AddKeys(slot);
        return true;
    }

    /// <summary>After <see cref="Restore"/>: links the slots left free between restored ones into the free list.</summary>
    public void CompleteRestore()
    {
        for (var slot = _used - 1; slot >= 0; slot--)
        {
            if (_slots[slot].Kind == TunnelKind.Free)
            {
                _slots[slot].NextFree = _freeHead;
                _freeHead = slot;
            }
        }
    }

    /// <summary>Octets held by the slot array and the index (what a tunnel costs, besides the node table).</summary>
    public long AllocatedBytes => (long)_slots.Length * Unsafe.SizeOf<Tunnel>() + _index.AllocatedBytes;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref Tunnel Slot(int slot) => ref _slots[slot];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int FindUser(IpAddress128 address, uint teid) => _index.Find(new TunnelKey(address, teid), TunnelPlane.User);

    /// <summary>Stage 1 of a batch pipeline: prefetch the index bucket of a user-plane key.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void PrefetchUserKey(IpAddress128 address, uint teid) => _index.Prefetch(new TunnelKey(address, teid), TunnelPlane.User);

    /// <summary>Stage 2: look the key up (its bucket should now be cached) and prefetch the tunnel record.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public unsafe void PrefetchUserTunnel(IpAddress128 address, uint teid)
    {
        var slot = FindUser(address, teid);
        if (slot >= 0 && Sse.IsSupported)
        {
            var p = (byte*)Unsafe.AsPointer(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_slots), slot));
            Sse.Prefetch0(p);
            Sse.Prefetch0(p + 64);
        }
    }

    public int FindControl(IpAddress128 address, uint teid) => _index.Find(new TunnelKey(address, teid), TunnelPlane.Control);

    public int FindSubscriber(ulong imsi, byte nsapi) => _index.Find(TunnelKey.Subscriber(imsi, nsapi), TunnelPlane.Subscriber);

    public int FindV0Forwarding(IpAddress128 address, ushort flowLabel) => _index.Find(new TunnelKey(address, flowLabel), TunnelPlane.V0Forwarding);

    public long IdOf(int slot) => ((long)_slots[slot].Generation << 32) | (uint)slot;

    /// <summary>Adds a tunnel and its keys; returns the slot, or -1 when <see cref="MaxTunnels"/> is reached.</summary>
    public int Add(in Tunnel tunnel)
    {
        if (Count >= MaxTunnels)
        {
            return -1;
        }
        int slot;
        if (_freeHead >= 0)
        {
            slot = _freeHead;
            _freeHead = _slots[slot].NextFree;
        }
        else
        {
            if (_used == _slots.Length)
            {
                var grown = LargeTable.Allocate<Tunnel>(_slots.Length * 2);
                _slots.AsSpan().CopyTo(grown);
                _slots = grown;
            }
            slot = _used++;
        }
        var generation = _slots[slot].Generation + 1;
        _slots[slot] = tunnel;
        _slots[slot].Generation = generation;
        _slots[slot].VolumeThreshold = tunnel.Kind == TunnelKind.Context && VolumeLimit > 0
            ? tunnel.UplinkBytes + tunnel.DownlinkBytes + VolumeLimit
            : long.MaxValue;
        Count++;
        if (tunnel.Kind == TunnelKind.Context)
        {
            ContextCount++;
        }
        CountNodes(_slots[slot], 1);
        _slots[slot].Flags &= ~TunnelFlags.Dirty;
        AddKeys(slot);
        MarkDirty(slot);
        _controlChanges++;
        if (Observer is { } observer && tunnel.Kind == TunnelKind.Context)
        {
            observer.TunnelCreated(Describe(slot));
        }
        return slot;
    }

    /// <summary>Replaces a tunnel's addresses/TEIDs, re-keying it; usage counters and identity are kept.</summary>
    public void Update(int slot, in Tunnel updated)
    {
        ref var t = ref _slots[slot];
        var previousControl = Nodes[t.ServingControlNode];
        var previousUser = Nodes[t.ServingUserNode];
        RemoveKeys(slot);
        CountNodes(t, -1);
        t.ServingControlNode = updated.ServingControlNode;
        t.ServingControlTeid = updated.ServingControlTeid;
        t.ServingUserNode = updated.ServingUserNode;
        t.ServingUserTeid = updated.ServingUserTeid;
        t.AnchorControlNode = updated.AnchorControlNode;
        t.AnchorControlTeid = updated.AnchorControlTeid;
        t.AnchorUserNode = updated.AnchorUserNode;
        t.AnchorUserTeid = updated.AnchorUserTeid;
        if (!updated.EndUser.IsNone)
        {
            t.EndUser = updated.EndUser;
        }
        if (updated.ApnId != 0)
        {
            t.ApnId = updated.ApnId;
        }
        if ((updated.Flags & TunnelFlags.HasChargingId) != 0)
        {
            t.ChargingId = updated.ChargingId;
            t.Flags |= TunnelFlags.HasChargingId;
        }
        if ((updated.Flags & TunnelFlags.PdpTypeMask) != 0)
        {
            t.Flags = (t.Flags & ~TunnelFlags.PdpTypeMask) | (updated.Flags & TunnelFlags.PdpTypeMask);
        }
        t.LastSeenTicks = Math.Max(t.LastSeenTicks, updated.LastSeenTicks);
        t.Flags &= ~(TunnelFlags.UplinkSequenceSeen | TunnelFlags.DownlinkSequenceSeen);
        CountNodes(t, 1);
        AddKeys(slot);
        MarkDirty(slot);
        _controlChanges++;
        if (Observer is { } observer)
        {
            observer.TunnelUpdated(Describe(slot), previousControl, previousUser);
        }
    }

    /// <summary>
    /// The G-PDU path found usage at or past <see cref="Tunnel.VolumeThreshold"/>: re-arm it one limit further and
    /// tell the observer. Kept out of line so the per-packet path stays a compare.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public void VolumeThresholdReached(int slot)
    {
        ref var t = ref _slots[slot];
        t.VolumeThreshold = VolumeLimit > 0 ? t.UplinkBytes + t.DownlinkBytes + VolumeLimit : long.MaxValue;
        if (Observer is { } observer && t.Kind == TunnelKind.Context)
        {
            observer.TunnelVolumeLimitReached(Describe(slot));
        }
    }

    public void Remove(int slot, TunnelDeleteReason reason)
    {
        ref var t = ref _slots[slot];
        if (t.Kind == TunnelKind.Free)
        {
            return;
        }
        if (Observer is { } observer && t.Kind == TunnelKind.Context)
        {
            observer.TunnelDeleted(Describe(slot), reason);
        }
        RemoveKeys(slot);
        CountNodes(t, -1);
        if (t.Kind == TunnelKind.Context)
        {
            ContextCount--;
        }
        Count--;
        _freed?.Add(slot);
        _controlChanges++;
        var generation = t.Generation;
        t = default;
        t.Generation = generation;
        t.NextFree = _freeHead;
        _freeHead = slot;
    }

    /// <summary>A context counts once toward its serving and once toward its anchor control node (once if both are one node).</summary>
    private void CountNodes(in Tunnel t, int delta)
    {
        if (t.Kind != TunnelKind.Context)
        {
            return;
        }
        Nodes.CountTunnel(t.ServingControlNode, delta);
        if (t.AnchorControlNode != t.ServingControlNode)
        {
            Nodes.CountTunnel(t.AnchorControlNode, delta);
        }
    }

    /// <summary>Removes idle contexts and expired forwarding tunnels; returns how many were removed.</summary>
    public int Expire(long nowTicks, long idleTicks, long forwardingLifetimeTicks)
    {
        var removed = 0;
        for (var slot = 0; slot < _used; slot++)
        {
            ref var t = ref _slots[slot];
            if (t.Kind == TunnelKind.Context && nowTicks - t.LastSeenTicks > idleTicks)
            {
                Remove(slot, TunnelDeleteReason.IdleTimeout);
                removed++;
            }
            else if (t.Kind == TunnelKind.Forwarding && nowTicks - t.CreatedTicks > forwardingLifetimeTicks)
            {
                Remove(slot, TunnelDeleteReason.ForwardingExpired);
                removed++;
            }
        }
        return removed;
    }

    /// <summary>Removes every tunnel with the node on either side (restart handling); returns how many.</summary>
    public int RemoveForNode(int node, TunnelDeleteReason reason)
    {
        var removed = 0;
        for (var slot = 0; slot < _used; slot++)
        {
            ref var t = ref _slots[slot];
            if (t.Kind != TunnelKind.Free
                && (t.ServingControlNode == node || t.ServingUserNode == node || t.AnchorControlNode == node || t.AnchorUserNode == node))
            {
                Remove(slot, reason);
                removed++;
            }
        }
        return removed;
    }

    /// <summary>Slots of all contexts of a subscriber (NSAPI/EBI 0-15).</summary>
    /// <summary>
    /// Removes the forwarding tunnels set up under the session (control node, TEID) — a scan like
    /// <see cref="Expire"/>, for the rare Delete Indirect Data Forwarding Tunnel.
    /// </summary>
    public int RemoveForwardingOfSession(int controlNode, uint teid, TunnelDeleteReason reason)
    {
        var removed = 0;
        for (var slot = 0; controlNode != 0 && slot < _used; slot++)
        {
            ref var t = ref _slots[slot];
            if (t.Kind == TunnelKind.Forwarding && t.ServingControlNode == controlNode && t.ServingControlTeid == teid)
            {
                Remove(slot, reason);
                removed++;
            }
        }
        return removed;
    }

    public int FindSubscriberContexts(ulong imsi, Span<int> slots)
    {
        var n = 0;
        for (byte nsapi = 0; nsapi < 16; nsapi++)
        {
            var slot = FindSubscriber(imsi, nsapi);
            if (slot >= 0 && n < slots.Length)
            {
                slots[n++] = slot;
            }
        }
        return n;
    }

    public TunnelInfo Describe(int slot)
    {
        ref var t = ref _slots[slot];
        return new TunnelInfo(
            IdOf(slot), t.Kind, t.Version, t.Imsi, t.Nsapi,
            Nodes[t.ServingControlNode], t.ServingControlTeid, Nodes[t.ServingUserNode], t.ServingUserTeid,
            Nodes[t.AnchorControlNode], t.AnchorControlTeid, Nodes[t.AnchorUserNode], t.AnchorUserTeid,
            t.EndUser,
            Apns[t.ApnId],
            new TunnelUsage(t.UplinkPackets, t.UplinkBytes, t.DownlinkPackets, t.DownlinkBytes),
            new DateTime(Math.Clamp(t.CreatedTicks, 0, DateTime.MaxValue.Ticks), DateTimeKind.Utc),
            new DateTime(Math.Clamp(t.LastSeenTicks, 0, DateTime.MaxValue.Ticks), DateTimeKind.Utc),
            (t.Flags & TunnelFlags.HasChargingId) != 0 ? t.ChargingId : null,
            TunnelSpec.PdpTypeOf(t.Flags));
    }

    /// <summary>The slot of tunnel <paramref name="id"/> (<see cref="IdOf"/>) while that tunnel is live, else -1.</summary>
    public int SlotOf(long id)
    {
        var slot = (int)(uint)id;
        return (uint)slot < (uint)_used && _slots[slot].Kind != TunnelKind.Free && _slots[slot].Generation == (uint)(id >> 32) ? slot : -1;
    }

    public bool TryDescribe(long id, out TunnelInfo info)
    {
        var slot = (int)(uint)id;
        if ((uint)slot < (uint)_used && _slots[slot].Kind != TunnelKind.Free && _slots[slot].Generation == (uint)(id >> 32))
        {
            info = Describe(slot);
            return true;
        }
        info = default;
        return false;
    }

    /// <summary>Every live tunnel (for usage export and diagnostics).</summary>
    public IEnumerable<TunnelInfo> Enumerate()
    {
        for (var slot = 0; slot < _used; slot++)
        {
            if (_slots[slot].Kind != TunnelKind.Free)
            {
                yield return Describe(slot);
            }
        }
    }

    /// <summary>Index entries that point at a free slot; always 0 unless the table is corrupt (tests).</summary>
    internal int DanglingIndexEntries() => _index.Slots().Count(slot => slot >= _used || _slots[slot].Kind == TunnelKind.Free);

    private void AddKeys(int slot)
    {
        ref var t = ref _slots[slot];
        if (t.Kind == TunnelKind.Forwarding)
        {
            if (t.Version == 0)
            {
                _index.Set(new TunnelKey(Nodes[t.ServingUserNode], t.ServingUserTeid), TunnelPlane.V0Forwarding, slot);
            }
            else
            {
                _index.Set(new TunnelKey(Nodes[t.ServingUserNode], t.ServingUserTeid), TunnelPlane.User, slot);
            }
            return;
        }
        _index.Set(TunnelKey.Subscriber(t.Imsi, t.Nsapi), TunnelPlane.Subscriber, slot);
        if (t.Version == 0)
        {
            // GTPv0 is keyed by TID only (IMSI + NSAPI); flow labels are kept for display.
            return;
        }
        if (t.AnchorControlNode != 0)
        {
            _index.TryAdd(new TunnelKey(Nodes[t.AnchorControlNode], t.AnchorControlTeid), TunnelPlane.Control, slot);
        }
        if (t.ServingControlNode != 0 && t.ServingControlTeid != 0)
        {
            _index.TryAdd(new TunnelKey(Nodes[t.ServingControlNode], t.ServingControlTeid), TunnelPlane.Control, slot);
        }
        if (t.AnchorUserNode != 0 && t.AnchorUserTeid != 0)
        {
            _index.Set(new TunnelKey(Nodes[t.AnchorUserNode], t.AnchorUserTeid), TunnelPlane.User, slot);
        }
        if (t.ServingUserNode != 0 && t.ServingUserTeid != 0)
        {
            _index.Set(new TunnelKey(Nodes[t.ServingUserNode], t.ServingUserTeid), TunnelPlane.User, slot);
        }
    }

    private void RemoveKeys(int slot)
    {
        ref var t = ref _slots[slot];
        if (t.Kind == TunnelKind.Forwarding)
        {
            _index.Remove(new TunnelKey(Nodes[t.ServingUserNode], t.ServingUserTeid), t.Version == 0 ? TunnelPlane.V0Forwarding : TunnelPlane.User, slot);
            return;
        }
        _index.Remove(TunnelKey.Subscriber(t.Imsi, t.Nsapi), TunnelPlane.Subscriber, slot);
        if (t.Version == 0)
        {
            return;
        }
        RemoveSharedControlKey(slot, t.AnchorControlNode, t.AnchorControlTeid);
        if (t.ServingControlTeid != 0)
        {
            RemoveSharedControlKey(slot, t.ServingControlNode, t.ServingControlTeid);
        }
        if (t.AnchorUserTeid != 0)
        {
            _index.Remove(new TunnelKey(Nodes[t.AnchorUserNode], t.AnchorUserTeid), TunnelPlane.User, slot);
        }
        if (t.ServingUserTeid != 0)
        {
            _index.Remove(new TunnelKey(Nodes[t.ServingUserNode], t.ServingUserTeid), TunnelPlane.User, slot);
        }
    }

    // A control TEID may be shared by all contexts of a subscriber (secondary PDP contexts, EPS bearers of one
    // PDN connection): when the context it points at goes, repoint it at a sibling still using it.
    private void RemoveSharedControlKey(int slot, int node, uint teid)
    {
        if (node == 0)
        {
            return;
        }
        var key = new TunnelKey(Nodes[node], teid);
        if (!_index.Remove(key, TunnelPlane.Control, slot))
        {
            return;
        }
        ref var t = ref _slots[slot];
        for (byte nsapi = 0; nsapi < 16; nsapi++)
        {
            var sibling = FindSubscriber(t.Imsi, nsapi);
            if (sibling < 0 || sibling == slot)
            {
                continue;
            }
            ref var s = ref _slots[sibling];
            if ((s.AnchorControlNode == node && s.AnchorControlTeid == teid) || (s.ServingControlNode == node && s.ServingControlTeid == teid))
            {
                _index.Set(key, TunnelPlane.Control, sibling);
                return;
            }
        }
    }
}
