using Cdf.Client.Diagnostics;
using Charging.GtpPrime;
using Charging.GtpPrime.InformationElements;
using Charging.GtpPrime.Messages;
using Storage.Cdf;
using System.Diagnostics;

namespace Cdf.Client.Delivery;

/// <summary>The answer to a data request (or its N3 timeout), acted on as <see cref="ResponseCauseClassifier"/> reads its cause.</summary>
public sealed partial class CdfClient
{
    /// <summary>A data request answered (<paramref name="arrivedAt"/>: when the response reached the socket) or timed out.</summary>
    private void OnDataCompleted(Exchange exchange, GtpPrimeMessage? response, DeliveryFailure failure, long now, long arrivedAt)
    {
        var request = exchange.Request!;
        var path = exchange.Path;
        var delivery = path.Delivery;
        if (!delivery.InFlight.Contains(exchange))
            return;
        switch (failure)
        {
            case DeliveryFailure.Aborted:
                return;
            case DeliveryFailure.TimedOut:
                if (delivery.State != CgfPathState.Down)
                    Log.PathDownUnanswered(_logger, path.Name, _options.N3, ExchangeKind.Data, exchange.SequenceNumber, delivery.InFlight.Count);
                MarkDown(path, now);
                return;
        }
        var cause = ResponseCauseClassifier.CauseOf(response);
        var action = ResponseCauseClassifier.ClassifyData(cause, (PacketTransferCommand)request.Command);
        if (action == DataResponseAction.RetryLater)
        {
            // 199: retry later with the same number (the CGF stored nothing), fail over if it persists.
            delivery.Consecutive199++;
            if (delivery.Consecutive199 >= _options.N3)
            {
                if (delivery.State != CgfPathState.Down)
                    Log.PathDownBusy(_logger, path.Name, delivery.Consecutive199, delivery.InFlight.Count);
                MarkDown(path, now);
                return;
            }
            exchange.RetryAt = now + Ticks(_options.BusyRetryDelay);
            _busyRetries.Add(exchange);
            return;
        }
        delivery.Consecutive199 = 0;
        delivery.InFlight.Remove(exchange);
        switch (action)
        {
            case DataResponseAction.Acknowledge:
                Acknowledge(request, exchange, arrivedAt);
                break;
            case DataResponseAction.Hold:
                // A possibly-duplicated copy: the CGF holds it until Release or Cancel.
                request.State = OutboxRequestState.Held;
                _held.Add(request);
                _changes.Updated.Add(request);
                break;
            case DataResponseAction.CompleteChain:
                Log.UnexpectedCause(_logger, request, cause, "already committed there");
                CompleteChain(request, released: true);
                break;
            default:
                Park(request, cause);
                break;
        }
    }

    private void Acknowledge(OutboxRequest request, Exchange? exchange, long now)
    {
        _changes.Completed.Add(request);
        _changes.AcknowledgedCdrs += request.CdrCount;
        PathOf(request)?.Delivery.Unreserve(request.SequenceNumber);
        Interlocked.Add(ref _acknowledgedCdrs, request.CdrCount);
        Interlocked.Increment(ref _acknowledgedRequests);
        if (exchange is not null)
        {
            exchange.ReleaseMessage();
            Acknowledged?.Invoke(request.CdrCount, Stopwatch.GetElapsedTime(exchange.StartedTimestamp, now));
        }
    }

    private void Park(OutboxRequest request, GtpPrimeCause cause)
    {
        // 193, 201, 202, 203 and any other rejection: retrying the same bytes cannot help.
        request.State = OutboxRequestState.Parked;
        request.Cause = (byte)cause;
        _changes.Updated.Add(request);
        _changes.ParkedRequests++;
        PathOf(request)?.Delivery.Unreserve(request.SequenceNumber);
        Interlocked.Increment(ref _parkedRequests);
        Interlocked.Add(ref _parkedCdrs, request.CdrCount);
        Log.Parked(_logger, request, cause, request.CdrCount);
    }
}
