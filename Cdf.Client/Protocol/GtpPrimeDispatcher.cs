using Charging.GtpPrime.Codec;
using Charging.GtpPrime.Messages;
using System.Collections.Concurrent;

namespace Cdf.Client.Protocol;

/// <summary>
/// Correlates responses with the requests of one CGF path by sequence number (style.md §10, after
/// MQTTnet's packet dispatcher). A Data Record Transfer Response completes every request listed in its
/// Requests Responded IE, so grouped responses are handled (docs/gtp-prime.md §5.1: the list, not
/// the header number, decides).
/// </summary>
public sealed class GtpPrimeDispatcher
{
    private readonly ConcurrentDictionary<ushort, Awaitable> _waiting = new();

    public int Count => _waiting.Count;

    /// <summary>Registers a waiter for <paramref name="sequenceNumber"/>; an older waiter for it is failed.</summary>
    public Awaitable AddAwaitable(ushort sequenceNumber)
    {
        var awaitable = new Awaitable(this, sequenceNumber);
        _waiting.AddOrUpdate(sequenceNumber, awaitable, (_, previous) =>
        {
            previous.TrySetException(new InvalidOperationException($"sequence number {sequenceNumber} was reused"));
            return awaitable;
        });
        return awaitable;
    }

    /// <summary>Completes the waiters a response answers; false when it answered nothing we wait for.</summary>
    public bool TryDispatch(in GtpPrimeFrame frame)
    {
        if (frame.Message is DataRecordTransferResponse response)
        {
            var any = false;
            foreach (var sequenceNumber in response.RequestsResponded)
                any |= TryComplete(sequenceNumber, response);
            return any;
        }
        return TryComplete(frame.Header.SequenceNumber, frame.Message);
    }

    /// <summary>Completes the waiter of one number (one entry of a Requests Responded list); false when none waits.</summary>
    public bool TryDispatch(ushort sequenceNumber, GtpPrimeMessage message) => TryComplete(sequenceNumber, message);

    /// <summary>Fails every waiter (the path went down or is closing).</summary>
    public void FailAll(Exception exception)
    {
        foreach (var (sequenceNumber, awaitable) in _waiting)
        {
            if (_waiting.TryRemove(new KeyValuePair<ushort, Awaitable>(sequenceNumber, awaitable)))
                awaitable.TrySetException(exception);
        }
    }

    private bool TryComplete(ushort sequenceNumber, GtpPrimeMessage message) =>
        _waiting.TryRemove(sequenceNumber, out var awaitable) && awaitable.TrySetResult(message);

    /// <summary>One waiter; dispose it when the exchange ends so a late response is not mistaken for another.</summary>
    public sealed class Awaitable(GtpPrimeDispatcher owner, ushort sequenceNumber)
        : TaskCompletionSource<GtpPrimeMessage>(TaskCreationOptions.RunContinuationsAsynchronously), IDisposable
    {
        public ushort SequenceNumber { get; } = sequenceNumber;

        public void Dispose() => owner._waiting.TryRemove(new KeyValuePair<ushort, Awaitable>(SequenceNumber, this));
    }
}
