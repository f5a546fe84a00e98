using Gtp.Firewall.Diagnostics;
using Gtp.Firewall.Gtp;
using Gtp.Firewall.Handover;
using Gtp.Firewall.Logging;
using Gtp.Firewall.Packets;
using Gtp.Firewall.Policies;
using Gtp.Firewall.Tunnels;

namespace Gtp.Firewall.Inspection;

/// <summary>
/// The GTP inspection engine: one instance per inspecting thread, used by every front end (pcap replay, NFQUEUE).
/// Decodes IP/UDP, reassembles fragments, classifies GTP by port and header, applies the zone policy, then
/// inspects GTP-C (state, handover groups) and GTP-U (tunnel check, usage). Malformed input is a
/// <see cref="DropReason"/>, never an exception. Wire parsing is in <c>Gtp/</c> and <c>Packets/</c>; the engine holds
/// the decisions, with one packet's state in a <see cref="PacketContext"/> passed by reference.
/// Partial files: .Control (v0/v1-C), .V2, .User (GTP-U), .Handover, .Batch.
/// </summary>
public sealed partial class GtpInspectionEngine
{
    private const int MaxPendingRequests = 65_536;
    private static readonly long SweepInterval = TimeSpan.FromSeconds(10).Ticks;
    private static readonly long TunnelSweepInterval = TimeSpan.FromSeconds(60).Ticks;

    private readonly FragmentReassembler _reassembler = new();
    private readonly Dictionary<PendingRequestKey, PendingRequest> _pending = new();
    private readonly IFirewallLog _log;
    private readonly Filtering.DropLogLimiter _dropLogLimiter = new();
    // The policy and the timeouts taken from it; replaced together by ReplacePolicy.
    private FirewallPolicy _policy;
    private long _idleTicks;
    private long _forwardingTicks;
    private long _requestTicks;
    private long _nextSweep;
    private long _nextTunnelSweep;

    // The engine's clock: the time of the packet being inspected, or of the last sweep.
    private long _now;

    public GtpInspectionEngine(FirewallPolicy policy, IFirewallLog? log = null, ITunnelObserver? observer = null, int expectedTunnels = 1024)
    {
        _log = log ?? NullFirewallLog.Instance;
        Tunnels = new TunnelTable(expectedTunnels, observer);
        _policy = policy;
        UsePolicyTimeouts(policy);
    }

    public FirewallPolicy Policy => _policy;
    public TunnelTable Tunnels { get; }
    /// <summary>The bearers of each PDN connection set, for Delete PDN Connection Set.</summary>
    public PdnConnectionSets PdnConnectionSets { get; } = new();
    public FirewallCounters Counters { get; } = new();
    public int PendingRequests => _pending.Count;
    public FragmentReassembler Reassembler => _reassembler;

    /// <summary>The packet time of the packet being inspected (or of the last sweep): observers stamp events with it.</summary>
    public long NowTicks => _now;

    public InspectionResult Inspect(ReadOnlySpan<byte> ipPacket, DateTime timestamp) => Inspect(ipPacket, timestamp.Ticks);

    /// <summary>
    /// Inspects one IP packet whose zones the front end already knows (inline: from the in/out interfaces). A
    /// negative zone index falls back to the address's zone network, as in <see cref="Inspect(ReadOnlySpan{byte}, long)"/>.
    /// </summary>
    public InspectionResult Inspect(ReadOnlySpan<byte> ipPacket, long nowTicks, int fromZone, int toZone)
    {
        var p = new PacketContext(fromZone, toZone);
        return Inspect(ref p, ipPacket, nowTicks);
    }

    /// <summary>Inspects one IP packet (IPv4 or IPv6, starting at the IP header); <paramref name="nowTicks"/> is the packet time in <see cref="DateTime.Ticks"/>.</summary>
    public InspectionResult Inspect(ReadOnlySpan<byte> ipPacket, long nowTicks)
    {
        var p = new PacketContext(-1, -1);
        return Inspect(ref p, ipPacket, nowTicks);
    }

    /// <summary>Inspects an already-decoded UDP datagram.</summary>
    public InspectionResult InspectUdp(in UdpDatagram udp, long nowTicks)
    {
        var p = new PacketContext(-1, -1);
        return InspectUdp(ref p, udp, nowTicks);
    }

    private InspectionResult Inspect(ref PacketContext p, ReadOnlySpan<byte> ipPacket, long nowTicks)
    {
        Counters.Packets++;
        _now = nowTicks;
        SweepIfDue(nowTicks);
        var outcome = IpPacketDecoder.Decode(ipPacket, out var udp, out var fragment, out var fragmentPayload, out var reason);
        switch (outcome)
        {
            case IpDecodeOutcome.Udp:
                return InspectUdp(ref p, udp, nowTicks);
            case IpDecodeOutcome.Fragment:
                return Reassemble(ref p, fragment, fragmentPayload, nowTicks);
            case IpDecodeOutcome.NotUdp:
                Counters.NotGtp++;
                return new InspectionResult(Verdict.NotGtp, DropReason.None, GtpProtocol.NotGtp, 0, 0, 0, default, 0, default, 0, HandoverDecision.None, 0);
            default:
                p.Begin(default, default, 0, 0, GtpProtocol.NotGtp);
                return Drop(ref p, reason);
        }
    }

    private InspectionResult InspectUdp(ref PacketContext p, in UdpDatagram udp, long nowTicks)
    {
        _now = nowTicks;
        var protocol = GtpClassifier.Classify(udp.SourcePort, udp.DestinationPort, udp.Payload);
        p.Begin(udp.Source, udp.Destination, udp.SourcePort, udp.DestinationPort, protocol);
        var payload = udp.Payload;
        switch (protocol)
        {
            case GtpProtocol.NotGtp:
                Counters.NotGtp++;
                return Result(ref p, Verdict.NotGtp, DropReason.None);
            case GtpProtocol.GtpPrime:
                // GTP' (TS 32.295) shares port 3386 with GTPv0 but has PT = 0: counted and passed to the charging path.
                Counters.GtpPrime++;
                p.Type = payload.Length > 1 ? payload[1] : (byte)0;
                return Result(ref p, Verdict.Permit, DropReason.None);
        }
        // Type, TEID and sequence before any validation, so that a malformed message's verdict and log name them.
        var peek = GtpHeaderPeek.Read(protocol, payload);
        (p.Type, p.Teid, p.Sequence) = (peek.Type, peek.Teid, peek.Sequence);
        p.Rule = _policy.Match(udp.Source, udp.Destination, p.FromZone, p.ToZone, out var policyReason);
        if (p.Rule is null)
        {
            return Drop(ref p, policyReason);
        }
        var filter = p.Profile.Filter;
        if (!filter.IsEmpty && filter.Check(protocol, p.Type, payload) is var filtered && filtered != DropReason.None)
        {
            return Drop(ref p, filtered);
        }
        return protocol switch
        {
            GtpProtocol.V1User => InspectUser(ref p, payload),
            GtpProtocol.V0 => InspectV0(ref p, payload),
            GtpProtocol.V1Control => InspectV1Control(ref p, payload),
            _ => InspectV2(ref p, payload),
        };
    }

    /// <summary>
    /// Live reload (docs/firewall-design.md, "Live reload"): the next packet is judged by <paramref name="next"/>
    /// (zones, policies, profiles, handover groups, timeouts). Tunnels, pending requests and fragments stay; a pending
    /// request keeps the profile it was sent under. Call it on the inspecting thread, between packets: the engine is
    /// single-threaded, so the front end takes a reloaded policy from another thread and hands it over here.
    /// </summary>
    public void ReplacePolicy(FirewallPolicy next)
    {
        ArgumentNullException.ThrowIfNull(next);
        _policy = next;
        UsePolicyTimeouts(next);
    }

    private void UsePolicyTimeouts(FirewallPolicy policy)
    {
        _idleTicks = policy.TunnelIdleTimeout.Ticks;
        _forwardingTicks = policy.ForwardingTunnelLifetime.Ticks;
        _requestTicks = policy.RequestTimeout.Ticks;
    }

    /// <summary>
    /// Sweeps when the sweep interval has passed: a live front end calls it while no packets arrive, so idle
    /// timeouts and charging time limits still fire on a quiet link.
    /// </summary>
    public void SweepIfDue(long nowTicks)
    {
        if (nowTicks >= _nextSweep)
        {
            Sweep(nowTicks);
        }
    }

    /// <summary>Drops idle tunnels, expired forwarding tunnels, unanswered requests and stale fragments.</summary>
    public void Sweep(long nowTicks)
    {
        _now = Math.Max(_now, nowTicks);
        _nextSweep = SaturatingAdd(nowTicks, SweepInterval);
        _reassembler.Expire(nowTicks);
        Counters.CountDrop(DropReason.FragmentTimeout, _reassembler.TakeTimedOut());
        if (_pending.Count > 0)
        {
            List<PendingRequestKey>? expired = null;
            foreach (var (key, request) in _pending)
            {
                if (nowTicks - request.CreatedTicks > _requestTicks)
                {
                    (expired ??= new()).Add(key);
                }
            }
            expired?.ForEach(k => _pending.Remove(k));
        }
        if (nowTicks >= _nextTunnelSweep)
        {
            _nextTunnelSweep = SaturatingAdd(nowTicks, TunnelSweepInterval);
            var forwarding = Tunnels.ForwardingCount;
            var removed = Tunnels.Expire(nowTicks, _idleTicks, _forwardingTicks);
            PdnConnectionSets.Prune(Tunnels);
            Counters.CountForwardingDeleted(TunnelDeleteReason.ForwardingExpired, forwarding - Tunnels.ForwardingCount);
            Counters.TunnelsDeleted += removed;
            Counters.Tunnels = Tunnels.Count;
        }
        Tunnels.Observer?.Swept(Tunnels, nowTicks);
    }

    private static long SaturatingAdd(long a, long b) => a > long.MaxValue - b ? long.MaxValue : a + b;

    private InspectionResult Reassemble(ref PacketContext p, in FragmentInfo fragment, ReadOnlySpan<byte> data, long nowTicks)
    {
        var status = _reassembler.Add(fragment, data, nowTicks, out var datagram, out var buffer, out var length, out var reason);
        // Add expires old datagrams when the table is full.
        Counters.CountDrop(DropReason.FragmentTimeout, _reassembler.TakeTimedOut());
        if (status == ReassemblyStatus.Incomplete)
        {
            Counters.FragmentsBuffered++;
            return new InspectionResult(Verdict.Buffered, DropReason.None, GtpProtocol.NotGtp, 0, 0, 0, fragment.Source, 0, fragment.Destination, 0, HandoverDecision.None, 0)
            { Datagram = datagram };
        }
        if (status == ReassemblyStatus.Dropped)
        {
            p.Begin(fragment.Source, fragment.Destination, 0, 0, GtpProtocol.NotGtp);
            return Drop(ref p, reason) with { Datagram = datagram };
        }
        Counters.DatagramsReassembled++;
        try
        {
            if (IpPacketDecoder.DecodeUdp(fragment.Source, fragment.Destination, buffer.AsSpan(0, length), out var udp, out reason) != IpDecodeOutcome.Udp)
            {
                p.Begin(fragment.Source, fragment.Destination, 0, 0, GtpProtocol.NotGtp);
                return Drop(ref p, reason) with { Datagram = datagram };
            }
            return InspectUdp(ref p, udp, nowTicks) with { Datagram = datagram };
        }
        finally
        {
            _reassembler.Return(buffer!);
        }
    }

    /// <summary>
    /// A front end could not hold a fragment of <paramref name="datagram"/> (its held-fragment limit): the fragment is
    /// dropped and counted as <see cref="DropReason.FragmentHoldLimit"/>, and the datagram discarded, so that its other
    /// fragments are dropped too.
    /// </summary>
    public void RefuseFragment(uint datagram)
    {
        Counters.CountDrop(DropReason.FragmentHoldLimit);
        _reassembler.Discard(datagram, _now);
    }

    private InspectionResult Result(ref PacketContext p, Verdict verdict, DropReason reason)
    {
        if (p.Protocol != GtpProtocol.NotGtp)
        {
            Counters.CountMessage(p.Protocol, p.Type, verdict == Verdict.Drop);
        }
        return new InspectionResult(verdict, reason, p.Protocol, p.Type, p.Teid, p.Sequence, p.Source, p.SourcePort, p.Destination, p.DestinationPort, p.Handover, p.Piggybacked);
    }

    private InspectionResult Permit(ref PacketContext p) => Result(ref p, Verdict.Permit, DropReason.None);

    /// <summary>Counts and logs a drop (every drop gets a system log line).</summary>
    private InspectionResult Drop(ref PacketContext p, DropReason reason, ulong imsi = 0)
    {
        Counters.CountDrop(reason);
        long suppressed = 0;
        // The profile features' drops are logged at most once per reason, source and second (docs/gtp-firewall.md §8).
        if (Filtering.DropLogLimiter.Applies(reason) && !_dropLogLimiter.ShouldLog(reason, p.Source, _now, out suppressed))
        {
            return Result(ref p, Verdict.Drop, reason);
        }
        _log.Write(new FirewallLogEntry(new DateTime(Math.Clamp(_now, 0, DateTime.MaxValue.Ticks), DateTimeKind.Utc), FirewallLogKind.Drop, p.Protocol, p.Type,
            p.Source, p.SourcePort, p.Destination, p.DestinationPort, reason, p.Handover, HandoverBasis.None, default, default, imsi, p.Rule?.Name)
        { Suppressed = suppressed });
        return Result(ref p, Verdict.Drop, reason);
    }

    private bool TryAddPending(ref PacketContext p, uint sequence, PendingRequest request)
    {
        if (_pending.Count >= MaxPendingRequests)
        {
            Sweep(_now);
            if (_pending.Count >= MaxPendingRequests)
            {
                return false;
            }
        }
        _pending[new PendingRequestKey(p.Source, p.Destination, sequence, p.Protocol)] = request;
        return true;
    }

    /// <summary>The pending request this response answers (sent by our destination to our source).</summary>
    private PendingRequest? TakePending(ref PacketContext p, uint sequence, bool keep = false)
    {
        var key = new PendingRequestKey(p.Destination, p.Source, sequence, p.Protocol);
        if (!_pending.TryGetValue(key, out var request))
        {
            return null;
        }
        if (!keep)
        {
            _pending.Remove(key);
        }
        return request;
    }

    /// <summary>
    /// The pending request a response answers, or null when there is none or it is of another type than
    /// <paramref name="requestType"/> (the response is then unmatched). Taken either way: a response ends its request.
    /// </summary>
    private PendingRequest? TakePending(ref PacketContext p, uint sequence, int requestType)
    {
        var request = TakePending(ref p, sequence);
        return request is not null && request.MessageType == requestType ? request : null;
    }

    /// <summary>A follow-up (Acknowledge) sent in the request's direction with the same sequence number.</summary>
    private PendingRequest? TakeFollowUp(ref PacketContext p, uint sequence)
    {
        var key = new PendingRequestKey(p.Source, p.Destination, sequence, p.Protocol);
        return _pending.Remove(key, out var request) ? request : null;
    }

    /// <summary>Recovery IE handling (Junos restart-path all): a changed restart counter deletes the sender's tunnels.</summary>
    private void CheckRecovery(ref PacketContext p, int recovery)
    {
        if (recovery < 0)
        {
            return;
        }
        var node = Tunnels.Nodes.GetOrAdd(p.Source);
        if (Tunnels.Nodes.UpdateRecovery(node, (byte)recovery))
        {
            Counters.TunnelsDeleted += Tunnels.RemoveForNode(node, TunnelDeleteReason.PeerRestart);
            Counters.Tunnels = Tunnels.Count;
        }
    }

    /// <summary>
    /// Whether the contexts of <paramref name="contexts"/> that are not in the table yet fit under
    /// <see cref="TunnelTable.MaxTunnels"/> (Firewall:MaxTunnels), with <paramref name="extra"/> more (forwarding
    /// tunnels). A creating message whose tunnels do not all fit is dropped whole (TunnelLimit, docs/firewall-design.md
    /// "Tunnel table cap"), so no half-created session or handover is left behind.
    /// </summary>
    private bool HasRoomFor(List<TunnelSpec> contexts, int extra = 0)
    {
        var needed = extra;
        foreach (var spec in contexts)
        {
            if (Tunnels.FindSubscriber(spec.Imsi, spec.Nsapi) < 0)
            {
                needed++;
            }
        }
        return needed == 0 || Tunnels.Count + needed <= Tunnels.MaxTunnels;
    }

    private int AddTunnel(in TunnelSpec spec, TunnelKind kind, TunnelFlags flags = TunnelFlags.None)
    {
        if (kind == TunnelKind.Context)
        {
            var existing = Tunnels.FindSubscriber(spec.Imsi, spec.Nsapi);
            if (existing >= 0)
            {
                Tunnels.Remove(existing, TunnelDeleteReason.Replaced);
                Counters.TunnelsDeleted++;
            }
        }
        var tunnel = spec.Materialize(Tunnels, kind, _now);
        tunnel.Flags |= flags;
        var slot = Tunnels.Add(tunnel);
        if (slot >= 0)
        {
            if (kind == TunnelKind.Context)
            {
                Counters.TunnelsCreated++;
            }
            else
            {
                Counters.ForwardingTunnelsCreated++;
            }
        }
        Counters.Tunnels = Tunnels.Count;
        return slot;
    }

    private void UpdateTunnel(int slot, in TunnelSpec spec)
    {
        var updated = spec.Materialize(Tunnels, TunnelKind.Context, _now);
        Tunnels.Update(slot, updated);
        Counters.TunnelsUpdated++;
    }

    private void RemoveTunnel(int slot, TunnelDeleteReason reason)
    {
        Tunnels.Remove(slot, reason);
        Counters.TunnelsDeleted++;
        Counters.Tunnels = Tunnels.Count;
    }

    private bool IsLive(int slot, uint generation)
        => slot >= 0 && Tunnels.Slot(slot).Kind == TunnelKind.Context && Tunnels.Slot(slot).Generation == generation;
}
