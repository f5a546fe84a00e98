using Cgf.Server.Diagnostics;
using Cgf.Server.Monitoring;
using Charging.GtpPrime;
using Charging.GtpPrime.Messages;
using Microsoft.Extensions.Logging;
using Storage.Cgf.Ledger;
using Storage.Cgf.Writer;
using System.Diagnostics;

namespace Cgf.Server.Protocol;

/// <summary>
/// Answers Data Record Transfer Requests once their transaction committed. Requests from one channel
/// with the same cause are answered by one response whose Requests Responded lists them all
/// (TS 32.295 §6.2.4.5; the header carries the first listed number, docs/gtp-prime.md §5.1, inferred).
/// </summary>
public sealed class ResponseSender(CgfMetrics metrics, StorageHealth health, DuplicateFrameAlarm duplicateFrames, ILogger<ResponseSender> logger) : ICgfWriterObserver<PendingTransfer>
{
    /// <summary>Keeps a grouped response well inside one UDP datagram.</summary>
    public const int MaxSequenceNumbersPerResponse = 1000;

    // Per writer thread: a CGF on PostgreSQL has several writers, each calling back from its own thread.
    [ThreadStatic]
    private static Dictionary<(IReplyChannel Channel, GtpPrimeHeaderForm Form, GtpPrimeCause Cause), List<ushort>>? _groups;

    public void OnBatchCompleted(IReadOnlyList<PendingTransfer> batch, TimeSpan commitDuration, bool committed)
    {
        long cdrs = 0;
        var groups = _groups ??= new();
        groups.Clear();
        foreach (var request in batch)
        {
            if (committed && request.Outcome is TransferOutcome.Accepted or TransferOutcome.AcceptedWithQuarantinedRecords)
                cdrs += request.Records.Count;
            // The same content again under the same number: a frame the CDF sent more than once.
            else if (request.Outcome is TransferOutcome.AlreadyFulfilled or TransferOutcome.DuplicatePending)
                duplicateFrames.OnRepeat(request.Peer, request.SequenceNumber);
            var key = (request.Channel, request.Form, TransferOutcomeCause.ToCause(request.Outcome));
            if (!groups.TryGetValue(key, out var sequences))
                groups[key] = sequences = [];
            sequences.Add(request.SequenceNumber);
        }
        metrics.Committed(batch.Count, cdrs, commitDuration);
        if (committed)
            health.OnCommitted();

        foreach (var ((channel, form, cause), sequences) in groups)
        {
            for (var start = 0; start < sequences.Count; start += MaxSequenceNumbersPerResponse)
            {
                var chunk = sequences.GetRange(start, Math.Min(MaxSequenceNumbersPerResponse, sequences.Count - start));
                channel.Send(form, chunk[0], new DataRecordTransferResponse(cause, chunk));
                metrics.Response(GtpPrimeMessageType.DataRecordTransferResponse, cause, chunk.Count);
            }
        }
        foreach (var request in batch)
            metrics.Acknowledged(Stopwatch.GetElapsedTime(request.EnqueuedTimestamp));
    }

    public void OnHoldExpired(int packets, int cdrs) => Log.HoldExpired(logger, packets, cdrs);

    public void OnStorageError(Exception exception)
    {
        Log.StorageFailed(logger, exception);
        health.OnFailed(exception);
    }
}
