using Cdf.Client.Diagnostics;
using Cdf.Client.Protocol;
using Charging.GtpPrime.Messages;
using Polly.Timeout;
using System.Diagnostics;

namespace Cdf.Client.Delivery;

/// <summary>Sends after the commit, T3/N3 of data requests, the retry after 199, and the matching of responses.</summary>
public sealed partial class CdfClient
{
    // Used only by the delivery loop.
    private readonly T3Queue _t3;
    private readonly List<Exchange> _busyRetries = [];

    /// <summary>After the commit: data requests go on the wire from the loop, the rare control exchanges through Polly.</summary>
    private void Launch(List<Exchange> launches)
    {
        var now = Stopwatch.GetTimestamp();
        foreach (var exchange in launches)
        {
            if (exchange.Kind != ExchangeKind.Data)
                _ = RunExchangeAsync(exchange);
            // Decided before its CGF was marked down (while the commit ran): it is uncertain now and fails over.
            else if (exchange.Path.Delivery.InFlight.Contains(exchange))
                Transmit(exchange, now, 1);
        }
        launches.Clear();
    }

    private void Transmit(Exchange exchange, long now, int transmission)
    {
        if (transmission == 1)
        {
            exchange.StartedTimestamp = now;
            exchange.Path.Delivery.Outstanding[exchange.SequenceNumber] = exchange;
        }
        exchange.Transmission = transmission;
        exchange.Path.Send(exchange.Message);
        // T3 runs from when the request left (TS 29.060 §7.6), not from when the loop decided to send it: a loop held up
        // in between (many launches, a busy machine) would otherwise retransmit less than T3 after the last copy.
        _t3.Start(exchange, Stopwatch.GetTimestamp());
    }

    /// <summary>T3 over for data requests: the same bytes again, or after N3 transmissions the CGF is down (TS 29.060 §7.6).</summary>
    private void ExpireT3(long now)
    {
        while (_t3.TryTakeExpired(now, out var exchange))
        {
            var outstanding = exchange.Path.Delivery.Outstanding;
            // Answered or failed over since it was sent.
            if (!outstanding.TryGetValue(exchange.SequenceNumber, out var current) || !ReferenceEquals(current, exchange))
                continue;
            if (exchange.Transmission < _options.N3)
            {
                Interlocked.Increment(ref _retransmissions);
                Transmit(exchange, now, exchange.Transmission + 1);
                continue;
            }
            outstanding.Remove(exchange.SequenceNumber);
            OnDataCompleted(exchange, null, DeliveryFailure.TimedOut, now, now);
        }
    }

    /// <summary>A response no control exchange waited for: the data requests it answers.</summary>
    private void OnResponse(ResponseEvent response, long now)
    {
        foreach (var sequenceNumber in response.SequenceNumbers)
        {
            if (response.Path.Delivery.Outstanding.Remove(sequenceNumber, out var exchange))
                OnDataCompleted(exchange, response.Message, DeliveryFailure.None, now, response.ArrivedAt);
            else
                Log.UnexpectedResponse(_logger, response.Path.Name, response.Message.MessageType, sequenceNumber);
        }
    }

    /// <summary>Test packets, Release, Cancel and Echo: N3 transmissions of T3 each through the path's Polly pipeline.</summary>
    private async Task RunExchangeAsync(Exchange exchange)
    {
        exchange.StartedTimestamp = Stopwatch.GetTimestamp();
        GtpPrimeMessage? response = null;
        var failure = DeliveryFailure.None;
        try
        {
            response = await exchange.Path.RequestAsync(exchange.SequenceNumber, exchange.Message, _stopping.Token).ConfigureAwait(false);
        }
        catch (TimeoutRejectedException)
        {
            failure = DeliveryFailure.TimedOut;
        }
        catch (Exception exception) when (exception is CgfPathDownException or OperationCanceledException or InvalidOperationException)
        {
            failure = DeliveryFailure.Aborted;
        }
        Post(new Completion(exchange, response, failure));
    }

    /// <summary>Requests answered 199: the same bytes and number again once the delay is over.</summary>
    private void RetryBusy(long now)
    {
        for (var i = _busyRetries.Count - 1; i >= 0; i--)
        {
            var exchange = _busyRetries[i];
            if (exchange.RetryAt > now || exchange.Path.State != CgfPathState.Up)
                continue;
            _busyRetries.RemoveAt(i);
            exchange.RetryAt = 0;
            Interlocked.Increment(ref _retransmissions);
            _toLaunch.Add(exchange);
        }
    }
}
