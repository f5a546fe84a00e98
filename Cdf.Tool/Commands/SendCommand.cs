using Cdf.Client.Delivery;
using Cdf.Tool.Diagnostics;
using Cdf.Tool.Generation;
using Cdf.Tool.Input;
using Charging.CdrFiles;
using Microsoft.Extensions.Logging;
using Operations.Logging;
using Storage.Cdf;
using System.CommandLine;
using System.Diagnostics;

namespace Cdf.Tool.Commands;

/// <summary>
/// <c>cdf send</c>: puts CDRs into the outbox (from --file or --generate, or none to resume) and delivers
/// until everything is acknowledged and every possibly-duplicated packet is released or cancelled.
/// Exit 0 only then; 1 when requests were parked; 3 when interrupted.
/// </summary>
internal static class SendCommand
{
    private const int EnqueueChunk = 1000;
    private const string GeneratedCheckpoint = "generated";

    public static Command Create()
    {
        var shared = new DeliveryOptions();
        var command = new Command("send", "deliver CDRs exactly once to a CGF pool (resumes the outbox when neither --file nor --generate is given)");
        shared.AddTo(command);
        command.SetAction((result, cancellationToken) => RunAsync(shared, result, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(DeliveryOptions shared, ParseResult result, CancellationToken cancellationToken)
    {
        var options = shared.ToOptions(result);
        if (!DeliveryOptions.Validate(options, "cdf send"))
            return 2;
        var file = result.GetValue(shared.File);
        var generate = result.GetValue(shared.Generate);
        if (file is not null && generate is not null)
        {
            Console.Error.WriteLine("cdf send: give --file or --generate, not both");
            return 2;
        }
        IReadOnlyList<(byte[] Record, CdrRecordFormat? Format)> records = [];
        if (file is not null)
            records = CdrInputReader.ReadWithFormats(await System.IO.File.ReadAllBytesAsync(file.FullName, cancellationToken));
        var progress = result.GetValue(shared.Progress);
        using var loggerFactory = ConsoleLogging.CreateLoggerFactory(result.GetValue(shared.Verbose));
        var logger = loggerFactory.CreateLogger("cdf");
        var started = Stopwatch.GetTimestamp();
        await using var client = new CdfClient(options, loggerFactory);
        client.Start();
        var before = client.ReadOutboxStatus();
        try
        {
            // --generate resumes after the last generated CDR stored in this outbox, so re-running the same
            // command after a kill neither loses nor repeats a localSequenceNumber.
            var generated = generate is not null ? client.ReadCheckpoint(GeneratedCheckpoint) : 0;
            if (generated > 0)
                ToolLog.ResumingGeneration(logger, generated);
            var offered = generate is { } n
                ? Enumerable.Range((int)generated + 1, Math.Max(n - (int)generated, 0)).Select(i => (SgwRecordGenerator.Encode((uint)i), (long)i, (CdrRecordFormat?)null))
                : records.Select(r => (r.Record, 0L, r.Format));
            var total = (generate ?? records.Count) - generated + before.QueuedCdrs;
            using var reporter = new ProgressReporter(client, progress, total, logger);
            var enqueued = await EnqueuePacedAsync(client, offered, generate is null ? null : GeneratedCheckpoint, result.GetValue(shared.Rate), cancellationToken);
            if (enqueued > 0)
                ToolLog.Enqueued(logger, enqueued, options.StatePath);
            await client.WaitUntilDrainedAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            Summary(client, started, logger);
            return 3;
        }
        return Summary(client, started, logger);
    }

    /// <summary>
    /// Enqueues in chunks, at <paramref name="rate"/> CDRs per second when given, storing each chunk's last position as
    /// checkpoint. A chunk holds records of one set of Data Record Packet identifiers (null: the client's defaults).
    /// </summary>
    internal static async Task<long> EnqueuePacedAsync(CdfClient client, IEnumerable<(byte[] Record, long Position, CdrRecordFormat? Format)> records,
        string? checkpoint, double? rate, CancellationToken cancellationToken)
    {
        var chunk = new List<ReadOnlyMemory<byte>>(EnqueueChunk);
        var size = rate is { } r ? Math.Clamp((int)(r / 100), 1, EnqueueChunk) : EnqueueChunk;
        var clock = Stopwatch.StartNew();
        long count = 0;
        long position = 0;
        CdrRecordFormat? format = null;
        foreach (var (record, at, recordFormat) in records)
        {
            if (chunk.Count > 0 && recordFormat != format)
                count += await FlushAsync(chunk);
            format = recordFormat;
            chunk.Add(record);
            position = at;
            if (chunk.Count < size)
                continue;
            count += await FlushAsync(chunk);
        }
        count += await FlushAsync(chunk);
        return count;

        async Task<int> FlushAsync(List<ReadOnlyMemory<byte>> pending)
        {
            if (pending.Count == 0)
                return 0;
            if (rate is { } perSecond)
            {
                // One reading of the clock: a second one could make the wait negative (or exactly -1 ms, infinite).
                var wait = TimeSpan.FromSeconds((count + pending.Count) / perSecond) - clock.Elapsed;
                if (wait > TimeSpan.Zero)
                    await Task.Delay(wait, cancellationToken);
            }
            var n = pending.Count;
            (string, long)? stored = checkpoint is null ? null : (checkpoint, position);
            await (format is { } own
                ? client.EnqueueAsync(pending.ToArray(), own, stored, cancellationToken)
                : client.EnqueueAsync(pending.ToArray(), stored, cancellationToken));
            pending.Clear();
            return n;
        }
    }

    private static int Summary(CdfClient client, long started, ILogger logger)
    {
        var statistics = client.Statistics;
        var status = client.ReadOutboxStatus();
        var elapsed = Stopwatch.GetElapsedTime(started);
        Console.WriteLine($"acknowledged CDRs     {statistics.AcknowledgedCdrs} in {statistics.AcknowledgedRequests} requests ({DeliveryOptions.Format(elapsed.TotalSeconds)} s)");
        Console.WriteLine($"failovers             {statistics.Failovers}; possibly duplicated released {statistics.ReleasedPackets}, cancelled {statistics.CancelledPackets}");
        Console.WriteLine($"parked requests       {status.ParkedRequests} ({status.ParkedCdrs} CDRs kept in the outbox)");
        Console.WriteLine($"outbox                {status.OutboxCdrs} CDRs, {status.QueuedCdrs} queued, {status.InFlightRequests} in flight, {status.UncertainRequests} uncertain, {status.HeldRequests} held");
        var complete = status.IsDrained && status.ParkedRequests == 0;
        if (!complete)
            ToolLog.NotAllDelivered(logger);
        return complete ? 0 : 1;
    }
}
