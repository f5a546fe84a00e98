using Cdf.Client.Configuration;
using Cdf.Client.Delivery;
using Cdf.Tool.Diagnostics;
using Cdf.Tool.Generation;
using Cdf.Tool.Input;
using Charging.CdrFiles;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Operations;
using Operations.CommandLine;
using Operations.Logging;
using Storage.Cdf;
using System.CommandLine;
using System.Diagnostics;

namespace Cdf.Tool.Commands;

/// <summary>
/// <c>cdf send</c>: puts CDRs into the outbox (from --file or --generate, or none to resume) and delivers
/// until everything is acknowledged and every possibly-duplicated packet is released or cancelled.
/// Exit 0 only then; 1 when requests were parked or --give-up-after ended it; 130 on SIGINT/SIGTERM, after the
/// outbox is committed and the summary printed (docs/cdf-cli.md).
/// </summary>
internal static class SendCommand
{
    private const int EnqueueChunk = 1000;
    private const string GeneratedCheckpoint = "generated";
    private static readonly TimeSpan WatchInterval = TimeSpan.FromMilliseconds(100);

    public static Command Create(IReadOnlyDictionary<string, string?> overrides)
    {
        var shared = new DeliveryOptions();
        var giveUpAfter = new Option<string?>("--give-up-after")
        {
            Description = "end the send (exit 1, everything kept in the outbox) after DURATION without progress: no CDR acknowledged, no possibly-duplicated packet resolved (500ms, 30s, 5m, 1h)",
        };
        var command = new Command("send", "deliver CDRs exactly once to a CGF pool (resumes the outbox when neither --file nor --generate is given)");
        shared.AddTo(command);
        command.Options.Add(giveUpAfter);
        command.SetAction(result => RunAsync(shared, result, result.GetValue(giveUpAfter), overrides));
        return command;
    }

    private static async Task<int> RunAsync(DeliveryOptions shared, ParseResult result, string? giveUpText, IReadOnlyDictionary<string, string?> overrides)
    {
        var (options, configuration) = shared.Resolve(result, overrides);
        DeliveryOptions.Validate(options);
        TimeSpan? giveUpAfter = null;
        if (giveUpText is not null)
            giveUpAfter = Duration.TryParse(giveUpText, out var limit) ? limit
                : throw CommandFailure.Usage($"--give-up-after {giveUpText}: not a duration (500ms, 30s, 5m, 1h or hh:mm:ss)");
        var file = result.GetValue(shared.File);
        var generate = result.GetValue(shared.Generate);
        if (file is not null && generate is not null)
            throw CommandFailure.Usage("give --file or --generate, not both");
        var records = file is null ? [] : ReadInput(file);
        EndpointCheck.Check(options.Cgfs, (result.GetValue(shared.Cgf) ?? []).Length > 0);

        using var interruption = new Interruption();
        using var loggerFactory = ConsoleLogging.CreateLoggerFactory(result.GetValue(shared.Verbose), configuration);
        var logger = loggerFactory.CreateLogger("cdf");
        var started = Stopwatch.GetTimestamp();
        var client = OpenClient(options, loggerFactory);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(interruption.Token);
        var gaveUp = false;
        // A paced --generate or --file is enqueued as it goes: an empty outbox is complete only once all was offered.
        var inputDone = false;
        try
        {
            var before = client.ReadOutboxStatus();
            // --generate resumes after the last generated CDR stored in this outbox, so re-running the same
            // command after a kill or an interrupt neither loses nor repeats a localSequenceNumber.
            var generated = generate is not null ? client.ReadCheckpoint(GeneratedCheckpoint) : 0;
            if (generated > 0)
                ToolLog.ResumingGeneration(logger, generated);
            var offered = generate is { } n
                ? Enumerable.Range((int)generated + 1, Math.Max(n - (int)generated, 0)).Select(i => (SgwRecordGenerator.Encode((uint)i), (long)i, (CdrRecordFormat?)null))
                : records.Select(r => (r.Record, 0L, r.Format));
            var total = Math.Max((generate ?? records.Count) - generated, 0) + before.QueuedCdrs;
            using var reporter = new ProgressReporter(client, result.GetValue(shared.Progress), total, logger);
            var enqueued = await EnqueuePacedAsync(client, offered, generate is null ? null : GeneratedCheckpoint, result.GetValue(shared.Rate), stop.Token);
            inputDone = true;
            if (enqueued > 0)
                ToolLog.Enqueued(logger, enqueued, options.StatePath);
            var drained = client.WaitUntilDrainedAsync(stop.Token);
            if (giveUpAfter is { } limitAfter)
                gaveUp = await GiveUpWhenStalledAsync(client, drained, limitAfter, stop);
            await drained;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // A signal or --give-up-after: the summary below says what the outbox keeps.
        }
        finally
        {
            // Stops the delivery loop after its last commit: what the summary reads is what a resume starts from.
            await client.DisposeAsync();
        }
        var complete = Summary(client.Statistics, CdfOutbox.ReadStatus(options.StatePath), started) && inputDone;
        // A signal after the last CDR was delivered interrupted nothing.
        if (interruption.Requested && !complete)
        {
            Console.Error.WriteLine($"cdf send: interrupted by {interruption.SignalName}; the outbox {options.StatePath} keeps what is not delivered (run cdf send again to resume)");
            return ExitCode.Interrupted;
        }
        if (gaveUp && !complete)
        {
            Console.Error.WriteLine($"cdf send: gave up after {giveUpText} without progress (CGFs unreachable or possibly-duplicated packets unresolved); the outbox {options.StatePath} keeps everything not delivered");
            return ExitCode.NotCompleted;
        }
        if (!complete)
            ToolLog.NotAllDelivered(logger);
        return complete ? ExitCode.Success : ExitCode.NotCompleted;
    }

    /// <summary>The records of --file; a file that is missing or not CDRs is a usage error naming it.</summary>
    private static IReadOnlyList<(byte[] Record, CdrRecordFormat? Format)> ReadInput(FileInfo file)
    {
        if (!file.Exists)
            throw CommandFailure.Usage($"--file {file.FullName}: no such file");
        byte[] bytes;
        try
        {
            bytes = System.IO.File.ReadAllBytes(file.FullName);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw CommandFailure.Environment($"--file {file.FullName}: cannot read: {exception.Message}", exception);
        }
        try
        {
            return CdrInputReader.ReadWithFormats(bytes);
        }
        catch (InvalidDataException exception)
        {
            throw CommandFailure.Usage($"--file {file.FullName}: {exception.Message}");
        }
    }

    private static CdfClient OpenClient(CdfOptions options, ILoggerFactory loggerFactory)
    {
        CdfClient? client = null;
        try
        {
            client = new CdfClient(options, loggerFactory);
            client.Start();
            return client;
        }
        catch (Exception exception) when (exception is SqliteException or IOException or UnauthorizedAccessException or InvalidDataException)
        {
            client?.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw CommandFailure.Environment($"--state {options.StatePath}: cannot open the outbox: {exception.Message}", exception);
        }
    }

    /// <summary>
    /// Waits for <paramref name="drained"/>, and cancels <paramref name="stop"/> when <paramref name="limit"/> passes
    /// without progress (a CDR acknowledged, a possibly-duplicated packet released or cancelled): true when it gave up.
    /// </summary>
    private static async Task<bool> GiveUpWhenStalledAsync(CdfClient client, Task drained, TimeSpan limit, CancellationTokenSource stop)
    {
        var last = Progress(client.Statistics);
        var since = Stopwatch.GetTimestamp();
        while (!drained.IsCompleted && !stop.IsCancellationRequested)
        {
            await Task.WhenAny(drained, Task.Delay(WatchInterval, CancellationToken.None));
            var now = Progress(client.Statistics);
            if (now != last)
                (last, since) = (now, Stopwatch.GetTimestamp());
            else if (Stopwatch.GetElapsedTime(since) >= limit && !drained.IsCompleted)
            {
                await stop.CancelAsync();
                return true;
            }
        }
        return false;

        static (long, long, long) Progress(CdfStatistics s) => (s.AcknowledgedCdrs, s.ReleasedPackets, s.CancelledPackets);
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

    /// <summary>The summary on stdout; true when everything is delivered and nothing is parked.</summary>
    private static bool Summary(CdfStatistics statistics, CdfOutboxStatus status, long started)
    {
        var elapsed = Stopwatch.GetElapsedTime(started);
        Console.WriteLine($"acknowledged CDRs     {statistics.AcknowledgedCdrs} in {statistics.AcknowledgedRequests} requests ({DeliveryOptions.Format(elapsed.TotalSeconds)} s)");
        Console.WriteLine($"failovers             {statistics.Failovers}; possibly duplicated released {statistics.ReleasedPackets}, cancelled {statistics.CancelledPackets}");
        Console.WriteLine($"parked requests       {status.ParkedRequests} ({status.ParkedCdrs} CDRs kept in the outbox)");
        Console.WriteLine($"outbox                {status.OutboxCdrs} CDRs, {status.QueuedCdrs} queued, {status.InFlightRequests} in flight, {status.UncertainRequests} uncertain, {status.HeldRequests} held");
        return status.IsDrained && status.ParkedRequests == 0;
    }
}
