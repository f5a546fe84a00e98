using Cdf.Client.Diagnostics;
using Cdf.Client.Protocol;
using Charging.GtpPrime.InformationElements;
using Storage.Cdf;

namespace Cdf.Client.Delivery;

/// <summary>Which CGF takes new traffic, and what happens to a CGF's requests when it goes down (docs/gtp-prime.md §5.6, failover).</summary>
public sealed partial class CdfClient
{
    // Used only by the delivery loop.
    private readonly HashSet<OutboxRequest> _uncertain = [];
    private CgfPath? _preferred;

    /// <summary>Traffic goes to the recommended node while it is up, else to the first CGF in priority order that is up.</summary>
    private CgfPath? ActivePath()
    {
        if (_preferred is { State: CgfPathState.Up } preferred)
            return preferred;
        foreach (var path in _paths)
        {
            if (path.State == CgfPathState.Up)
                return path;
        }
        return null;
    }

    /// <summary>
    /// N3 unanswered (or 199 persisting): no new traffic; every unacknowledged request becomes uncertain and fails over.
    /// The caller has logged why, if the path was not down already.
    /// </summary>
    private void MarkDown(CgfPath path, long now)
    {
        var delivery = path.Delivery;
        if (delivery.State == CgfPathState.Down)
            return;
        delivery.State = CgfPathState.Down;
        delivery.NextEchoAt = now + Ticks(_options.EchoInterval);
        if (ReferenceEquals(_preferred, path))
            _preferred = null;
        foreach (var exchange in delivery.InFlight)
            MakeUncertain(exchange.Request!);
        _busyRetries.RemoveAll(e => ReferenceEquals(e.Path, path));
        delivery.InFlight.Clear();
        // Their T3 entries go stale; a late answer to one of them is only logged (the copy elsewhere decides).
        delivery.Outstanding.Clear();
        path.Dispatcher.FailAll(new CgfPathDownException(path.Name));
        Interlocked.Increment(ref _failovers);
    }

    private void MakeUncertain(OutboxRequest request)
    {
        request.State = OutboxRequestState.Uncertain;
        _uncertain.Add(request);
        _changes.Updated.Add(request);
    }

    /// <summary>
    /// Uncertain requests that no copy carries yet: back to their own CGF with the same number if it is
    /// up again (its duplicate detection answers 253 if it had them), else to the active CGF as Send
    /// possibly duplicated with a new number there (docs/gtp-prime.md §5.6, failover).
    /// </summary>
    private void CarryStranded(long now)
    {
        if (_uncertain.Count == 0)
            return;
        var active = ActivePath();
        foreach (var request in _uncertain.Where(r => r.Successor is null).ToList())
        {
            var own = PathOf(request);
            if (own is { State: CgfPathState.Up })
            {
                _uncertain.Remove(request);
                request.State = OutboxRequestState.InFlight;
                _changes.Updated.Add(request);
                LaunchData(own, request, request.SequenceNumber, LoadRecords(request));
                continue;
            }
            if (active is null)
                continue;
            var carrier = new OutboxRequest
            {
                Path = active.Name,
                SequenceNumber = Allocate(active),
                Command = (byte)PacketTransferCommand.SendPossiblyDuplicatedDataRecordPacket,
                State = OutboxRequestState.InFlight,
                FirstCdrId = request.FirstCdrId,
                LastCdrId = request.LastCdrId,
                CdrCount = request.CdrCount,
            };
            active.Delivery.Reserve(carrier.SequenceNumber);
            _changes.Added.Add(carrier);
            // The old→new mapping: this request and any earlier copies it carried now point at the new copy.
            foreach (var predecessor in PredecessorsOf(request).Append(request).ToList())
            {
                predecessor.Successor = carrier;
                _changes.Updated.Add(predecessor);
            }
            Log.FailedOver(_logger, request, active.Name, carrier.SequenceNumber);
            LaunchData(active, carrier, carrier.SequenceNumber, LoadRecords(request));
        }
    }
}
