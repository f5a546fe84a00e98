using Cdf.Client.Diagnostics;
using Storage.Cdf;

namespace Cdf.Client.Delivery;

/// <summary>The start from the outbox.</summary>
public sealed partial class CdfClient
{
    /// <summary>
    /// Rebuilds the loop's state after a start: in-flight requests go out again first, same numbers, same CGF, same
    /// identifiers; queued CDRs keep the identifiers they were enqueued with.
    /// </summary>
    private void Restore(OutboxSnapshot snapshot)
    {
        foreach (var cdr in snapshot.Queued)
            _queue.Enqueue(cdr);
        var requests = snapshot.Requests;
        var byId = requests.ToDictionary(r => r.Id);
        foreach (var request in requests)
        {
            if (request.SuccessorId is { } successorId && byId.TryGetValue(successorId, out var successor))
                request.Successor = successor;
        }
        int inFlight = 0, parked = 0;
        foreach (var request in requests)
        {
            var path = PathOf(request);
            path?.Delivery.Reserve(request.SequenceNumber);
            switch (request.State)
            {
                case OutboxRequestState.InFlight when path is not null:
                    LaunchData(path, request, request.SequenceNumber, LoadRecords(request));
                    inFlight++;
                    break;
                case OutboxRequestState.InFlight:
                case OutboxRequestState.Uncertain when request.Successor is null || request.Successor.State != OutboxRequestState.Parked:
                    // A request for a CGF no longer configured is carried elsewhere; it can never be probed.
                    if (path is null && request.Successor is not null)
                        request.Presence = Presence.Absent;
                    request.State = OutboxRequestState.Uncertain;
                    _uncertain.Add(request);
                    break;
                case OutboxRequestState.Held:
                    _held.Add(request);
                    break;
                case OutboxRequestState.Parked:
                    parked++;
                    break;
            }
        }
        Log.Loaded(_logger, _outbox.Path, _queue.Count, inFlight, _uncertain.Count, _held.Count, parked);
    }
}
