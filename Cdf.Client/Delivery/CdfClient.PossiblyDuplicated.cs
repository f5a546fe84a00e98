using Cdf.Client.Diagnostics;
using Charging.GtpPrime;
using Charging.GtpPrime.InformationElements;
using Charging.GtpPrime.Messages;
using Storage.Cdf;

namespace Cdf.Client.Delivery;

/// <summary>
/// After a failover: test packets (or Cancel of an earlier copy) find out whether the first CGF had the request,
/// then the held possibly-duplicated copy is released or cancelled (docs/gtp-prime.md §5.6).
/// </summary>
public sealed partial class CdfClient
{
    // Used only by the delivery loop.
    private readonly HashSet<OutboxRequest> _held = [];
    private readonly HashSet<OutboxRequest> _busy = [];
    private readonly Dictionary<OutboxRequest, long> _notBefore = [];
    private readonly HashSet<OutboxRequest> _confirming = [];

    /// <summary>Test packets (or Cancel of an earlier copy) to a CGF that answers again.</summary>
    private void Probe(long now)
    {
        foreach (var request in _uncertain)
        {
            if (request.Presence != Presence.Unknown || request.Successor is null ||
                _busy.Contains(request) || !Due(request, now) || PathOf(request) is not { State: CgfPathState.Up } path)
                continue;
            Exchange exchange;
            if (request.Command == (byte)PacketTransferCommand.SendDataRecordPacket)
            {
                // The empty packet with the OLD sequence number (docs/gtp-prime.md §5.6).
                var test = new DataRecordTransferRequest(PacketTransferCommand.SendPossiblyDuplicatedDataRecordPacket, DataRecordPacket.EmptyZeroLength);
                exchange = NewExchange(ExchangeKind.TestPacket, path, request.SequenceNumber, request, test);
            }
            else
            {
                var sequenceNumber = Allocate(path);
                var cancel = new DataRecordTransferRequest(PacketTransferCommand.CancelDataRecordPacket, CancelledPackets: [request.SequenceNumber]);
                exchange = NewExchange(ExchangeKind.CancelPredecessor, path, sequenceNumber, request, cancel);
            }
            _busy.Add(request);
            _toLaunch.Add(exchange);
        }
    }

    /// <summary>Release (all earlier copies absent) or Cancel (one was present) of each held copy.</summary>
    private void Resolve(long now)
    {
        foreach (var carrier in _held)
        {
            if (_busy.Contains(carrier) || !Due(carrier, now) || PathOf(carrier) is not { State: CgfPathState.Up } path)
                continue;
            var predecessors = PredecessorsOf(carrier);
            if (predecessors.Any(p => p.Presence == Presence.Unknown))
                continue;
            var present = predecessors.Any(p => p.Presence == Presence.Present);
            var sequenceNumber = Allocate(path);
            var message = present
                ? new DataRecordTransferRequest(PacketTransferCommand.CancelDataRecordPacket, CancelledPackets: [carrier.SequenceNumber])
                : new DataRecordTransferRequest(PacketTransferCommand.ReleaseDataRecordPacket, ReleasedPackets: [carrier.SequenceNumber]);
            _busy.Add(carrier);
            _toLaunch.Add(NewExchange(present ? ExchangeKind.Cancel : ExchangeKind.Release, path, sequenceNumber, carrier, message));
        }
    }

    private void OnProbeCompleted(Completion completion, long now)
    {
        var exchange = completion.Exchange;
        var request = exchange.Request!;
        _busy.Remove(request);
        if (!ProbeOrResolutionAnswered(completion, now, out var cause) || request.State != OutboxRequestState.Uncertain)
            return;
        var answer = exchange.Kind == ExchangeKind.TestPacket
            ? ResponseCauseClassifier.ReadTestPacketAnswer(cause, askedAgain: _confirming.Contains(request))
            : ResponseCauseClassifier.ReadCancelAnswer(cause);
        switch (answer)
        {
            case ProbeAnswer.RetryLater:
                _notBefore[request] = now + Ticks(_options.BusyRetryDelay);
                return;
            case ProbeAnswer.AskAgain:
                // The test packet reuses the old number, so a late 128 to the old Send (committed after all) looks
                // the same. The CGF answers one source in order: a second test packet's answer is the truth.
                _confirming.Add(request);
                return;
            case ProbeAnswer.AssumedAbsent:
                Log.UnexpectedCause(_logger, request, cause, "absent (Release: a possible duplicate is flagged, a loss is not)");
                break;
        }
        _confirming.Remove(request);
        var presence = answer == ProbeAnswer.Present ? Presence.Present : Presence.Absent;
        request.Presence = presence;
        _changes.Updated.Add(request);
        Log.Probed(_logger, request, cause, presence);
    }

    private void OnResolutionCompleted(Completion completion, long now)
    {
        var exchange = completion.Exchange;
        var carrier = exchange.Request!;
        _busy.Remove(carrier);
        if (!ProbeOrResolutionAnswered(completion, now, out var cause) || carrier.State != OutboxRequestState.Held)
            return;
        Log.Resolved(_logger, exchange.Kind, carrier, cause);
        switch (ResponseCauseClassifier.ClassifyResolution(cause))
        {
            case ResolutionAction.Complete:
                CompleteChain(carrier, exchange.Kind == ExchangeKind.Release);
                break;
            case ResolutionAction.AlreadyResolved:
                Log.UnexpectedCause(_logger, carrier, cause, "already resolved");
                CompleteChain(carrier, exchange.Kind == ExchangeKind.Release);
                break;
            case ResolutionAction.RetryLater:
                _notBefore[carrier] = now + Ticks(_options.BusyRetryDelay);
                break;
            default:
                _held.Remove(carrier);
                Park(carrier, cause);
                foreach (var predecessor in PredecessorsOf(carrier))
                    _uncertain.Remove(predecessor);
                break;
        }
    }

    /// <summary>Common failure handling of test packets, Cancel and Release; false when there is no cause to act on.</summary>
    private bool ProbeOrResolutionAnswered(Completion completion, long now, out GtpPrimeCause cause)
    {
        cause = default;
        switch (completion.Failure)
        {
            case DeliveryFailure.TimedOut:
                var path = completion.Exchange.Path;
                if (path.State != CgfPathState.Down)
                    Log.PathDownUnanswered(_logger, path.Name, _options.N3, completion.Exchange.Kind, completion.Exchange.SequenceNumber, path.Delivery.InFlight.Count);
                MarkDown(path, now);
                return false;
            case DeliveryFailure.Aborted:
                return false;
        }
        if (completion.Response is not DataRecordTransferResponse response)
            return false;
        cause = response.Cause;
        return true;
    }

    /// <summary>The possibly-duplicated copy is released or cancelled: the CDRs are delivered exactly once.</summary>
    private void CompleteChain(OutboxRequest carrier, bool released)
    {
        _held.Remove(carrier);
        _changes.Completed.Add(carrier);
        PathOf(carrier)?.Delivery.Unreserve(carrier.SequenceNumber);
        foreach (var predecessor in PredecessorsOf(carrier))
        {
            _uncertain.Remove(predecessor);
            _changes.Completed.Add(predecessor);
            PathOf(predecessor)?.Delivery.Unreserve(predecessor.SequenceNumber);
        }
        _changes.AcknowledgedCdrs += carrier.CdrCount;
        Interlocked.Add(ref _acknowledgedCdrs, carrier.CdrCount);
        Interlocked.Increment(ref _acknowledgedRequests);
        if (released)
        {
            _changes.ReleasedPackets++;
            Interlocked.Increment(ref _released);
        }
        else
        {
            _changes.CancelledPackets++;
            Interlocked.Increment(ref _cancelled);
        }
    }

    private bool Due(OutboxRequest request, long now)
    {
        if (!_notBefore.TryGetValue(request, out var notBefore))
            return true;
        if (notBefore > now)
            return false;
        _notBefore.Remove(request);
        return true;
    }

    private List<OutboxRequest> PredecessorsOf(OutboxRequest carrier) =>
        _uncertain.Where(u => ReferenceEquals(u.Successor, carrier)).ToList();
}
