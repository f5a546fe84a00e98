using Gtp.Firewall.Gtp;
using Gtp.Firewall.Handover;
using Gtp.Firewall.Inspection;
using Gtp.Firewall.Tunnels;
using System.Diagnostics.Metrics;

namespace Gtp.Firewall.Diagnostics;

/// <summary>
/// Engine counters as plain arrays (incremented on the inspecting thread, no allocation), published through
/// System.Diagnostics.Metrics as observable counters of the "Gtp.Firewall" meter and as a <see cref="CountersSnapshot"/>.
/// </summary>
public sealed class FirewallCounters : IDisposable
{
    public const string MeterName = "Gtp.Firewall";
    private const int Protocols = 6;
    private const int Verdicts = 2;

    private readonly long[] _messages = new long[Protocols * 256 * Verdicts];
    private readonly long[] _drops = new long[256];
    private readonly long[] _forwardingCreated = new long[256];
    private readonly long[] _forwardingDeleted = new long[256];
    private readonly long[] _stateChanges = new long[256];
    private readonly Meter _meter;

    public FirewallCounters()
    {
        _meter = new Meter(MeterName);
        _meter.CreateObservableCounter("gtp.firewall.messages", ObserveMessages, description: "GTP messages by version, type and verdict");
        _meter.CreateObservableCounter("gtp.firewall.drops", ObserveDrops, description: "Dropped packets by reason");
        _meter.CreateObservableCounter("gtp.firewall.handovers", ObserveHandovers, description: "Handover decisions");
        _meter.CreateObservableCounter("gtp.firewall.gtp_prime", () => GtpPrime, description: "GTP' datagrams passed");
        _meter.CreateObservableUpDownCounter("gtp.firewall.tunnels", () => Tunnels, description: "Tunnels in the table");
        _meter.CreateObservableCounter("gtp.firewall.forwarding_tunnels.created", ObserveForwardingCreated, description: "Forwarding tunnels set up, by the message that set them up");
        _meter.CreateObservableCounter("gtp.firewall.forwarding_tunnels.deleted", ObserveForwardingDeleted, description: "Forwarding tunnels removed, by reason");
        _meter.CreateObservableCounter("gtp.firewall.state_changes", ObserveStateChanges, description: "Tunnel state changes committed by Update Bearer, Release Access Bearers, Delete Indirect Data Forwarding Tunnel, Initiate PDP Context Activation");
        _meter.CreateObservableCounter("gtp.firewall.policy.reloads", ObservePolicyReloads, description: "Policy reloads (SIGHUP or file change), by outcome: applied or refused");
    }

    public long Packets;
    public long NotGtp;
    public long GtpPrime;
    public long HandoverAllowed;
    public long HandoverDenied;
    public long FragmentsBuffered;
    public long DatagramsReassembled;
    public long TunnelsCreated;
    public long TunnelsUpdated;
    public long TunnelsDeleted;
    public long ForwardingTunnelsCreated;
    public long SequenceAnomalies;
    public long Tunnels;
    // Written by the reloading thread (Interlocked), not the inspecting one.
    public long PolicyReloadsApplied;
    public long PolicyReloadsRefused;

    public void CountMessage(GtpProtocol protocol, byte type, bool dropped)
        => _messages[((int)protocol * 256 + type) * Verdicts + (dropped ? 1 : 0)]++;

    public void CountDrop(DropReason reason) => _drops[(int)reason]++;

    public void CountForwardingCreated(ForwardingSource source) => _forwardingCreated[(int)source]++;

    public void CountForwardingDeleted(TunnelDeleteReason reason, long count = 1) => _forwardingDeleted[(int)reason] += count;

    public void CountStateChange(StateChange change) => _stateChanges[(int)change]++;

    public long ForwardingCreated(ForwardingSource source) => _forwardingCreated[(int)source];

    public long ForwardingDeleted(TunnelDeleteReason reason) => _forwardingDeleted[(int)reason];

    public long StateChanges(StateChange change) => _stateChanges[(int)change];

    public void CountDrop(DropReason reason, int count) => _drops[(int)reason] += count;

    public void CountHandover(HandoverDecision decision)
    {
        if (decision == HandoverDecision.Allowed)
        {
            HandoverAllowed++;
        }
        else if (decision == HandoverDecision.Denied)
        {
            HandoverDenied++;
        }
    }

    public long Messages(GtpProtocol protocol, byte type, bool dropped)
        => _messages[((int)protocol * 256 + type) * Verdicts + (dropped ? 1 : 0)];

    public long Drops(DropReason reason) => _drops[(int)reason];

    public CountersSnapshot Snapshot()
    {
        var messages = new List<MessageCount>();
        for (var p = 0; p < Protocols; p++)
        {
            for (var t = 0; t < 256; t++)
            {
                var permitted = _messages[(p * 256 + t) * Verdicts];
                var dropped = _messages[(p * 256 + t) * Verdicts + 1];
                if (permitted + dropped > 0)
                {
                    messages.Add(new MessageCount(ProtocolNames.Of((GtpProtocol)p), (byte)t, MessageNames.Of((GtpProtocol)p, (byte)t), permitted, dropped));
                }
            }
        }
        var drops = new Dictionary<string, long>();
        for (var r = 0; r < _drops.Length; r++)
        {
            if (_drops[r] > 0)
            {
                drops[((DropReason)r).ToString()] = _drops[r];
            }
        }
        return new CountersSnapshot(Packets, NotGtp, GtpPrime, HandoverAllowed, HandoverDenied, FragmentsBuffered, DatagramsReassembled,
            TunnelsCreated, TunnelsUpdated, TunnelsDeleted, ForwardingTunnelsCreated, SequenceAnomalies, Tunnels, messages, drops,
            Interlocked.Read(ref PolicyReloadsApplied), Interlocked.Read(ref PolicyReloadsRefused));
    }

    private IEnumerable<Measurement<long>> ObservePolicyReloads()
    {
        yield return new Measurement<long>(Interlocked.Read(ref PolicyReloadsApplied), new KeyValuePair<string, object?>("outcome", "applied"));
        yield return new Measurement<long>(Interlocked.Read(ref PolicyReloadsRefused), new KeyValuePair<string, object?>("outcome", "refused"));
    }

    public void Dispose() => _meter.Dispose();

    private IEnumerable<Measurement<long>> ObserveMessages()
    {
        for (var p = 0; p < Protocols; p++)
        {
            for (var t = 0; t < 256; t++)
            {
                for (var v = 0; v < Verdicts; v++)
                {
                    var value = _messages[(p * 256 + t) * Verdicts + v];
                    if (value > 0)
                    {
                        yield return new Measurement<long>(value,
                            new KeyValuePair<string, object?>("version", ProtocolNames.Of((GtpProtocol)p)),
                            new KeyValuePair<string, object?>("type", MessageNames.Of((GtpProtocol)p, (byte)t)),
                            new KeyValuePair<string, object?>("verdict", v == 0 ? "permit" : "drop"));
                    }
                }
            }
        }
    }

    private IEnumerable<Measurement<long>> ObserveDrops()
    {
        for (var r = 0; r < _drops.Length; r++)
        {
            if (_drops[r] > 0)
            {
                yield return new Measurement<long>(_drops[r], new KeyValuePair<string, object?>("reason", ((DropReason)r).ToString()));
            }
        }
    }

    private IEnumerable<Measurement<long>> ObserveForwardingCreated() => Tagged(_forwardingCreated, "source", i => ((ForwardingSource)i).ToString());

    private IEnumerable<Measurement<long>> ObserveForwardingDeleted() => Tagged(_forwardingDeleted, "reason", i => ((TunnelDeleteReason)i).ToString());

    private IEnumerable<Measurement<long>> ObserveStateChanges() => Tagged(_stateChanges, "change", i => ((StateChange)i).ToString());

    private static IEnumerable<Measurement<long>> Tagged(long[] values, string tag, Func<int, string> name)
    {
        for (var i = 0; i < values.Length; i++)
        {
            if (values[i] > 0)
            {
                yield return new Measurement<long>(values[i], new KeyValuePair<string, object?>(tag, name(i)));
            }
        }
    }

    private IEnumerable<Measurement<long>> ObserveHandovers()
    {
        yield return new Measurement<long>(HandoverAllowed, new KeyValuePair<string, object?>("decision", "allowed"));
        yield return new Measurement<long>(HandoverDenied, new KeyValuePair<string, object?>("decision", "denied"));
    }
}
