using Cgf.Server.Configuration;
using Cgf.Server.Diagnostics;
using Cgf.Server.Monitoring;
using Microsoft.Extensions.Logging;
using Operations.Alarms;
using Storage.Cgf;
using Storage.Cgf.Delivery;

namespace Cgf.Server.Delivery;

/// <summary>
/// Sends recorded export files to the configured SFTP destinations, exactly once per destination
/// (docs/delivery-design.md): <see cref="DestinationSelector"/> chooses where, <see cref="DeliveryStep"/> what to do with
/// each file given the record and the remote side, <see cref="SftpDestination"/> does it. Used by the delivery service
/// every poll and by the <c>deliver</c> command; one thread at a time.
/// </summary>
public sealed class Deliverer : IDisposable
{
    private const int FilesPerQuery = 100;

    private readonly DeliveryOptions _options;
    private readonly IDeliveryStore _store;
    private readonly DestinationSelector _selector;
    private readonly DestinationRuntime[] _destinations;
    private readonly ILogger _logger;
    private readonly AlarmRegistry? _alarms;
    private readonly TimeProvider _time;
    private readonly bool _anyDestination;

    public Deliverer(DeliveryOptions options, CgfStorageLocation database, ILogger logger, AlarmRegistry? alarms = null, TimeProvider? time = null)
    {
        _options = options;
        _logger = logger;
        _alarms = alarms;
        _time = time ?? TimeProvider.System;
        _anyDestination = options.Mode == DeliveryMode.Failover;
        _destinations = options.Destinations.Select(d => new DestinationRuntime(new SftpDestination(d, options.Timeout))).ToArray();
        _selector = new DestinationSelector(_destinations.Length, options.Mode, options.FailuresBeforeSwitch, options.ReturnAfter);
        _store = CgfStorage.OpenDeliveryStore(database);
        _store.Configure(_destinations.Select(d => d.Key).ToList(), _anyDestination);
        SaveAll();
        DeliveryLog.Started(logger, options.Mode.ToString(), string.Join(", ", _destinations.Select(d => d.Key)));
    }

    public IReadOnlyList<string> Keys => _destinations.Select(d => d.Key).ToList();

    public long DeliveredTotal(int destination) => Interlocked.Read(ref _destinations[destination].Delivered);

    public long FailuresTotal(int destination) => Interlocked.Read(ref _destinations[destination].Failures);

    public bool IsActive(int destination) => _selector.IsActive(destination);

    /// <summary>The last time any destination took a file (since start).</summary>
    public DateTimeOffset? LastSuccess => _destinations.Max(d => d.LastSuccess);

    /// <summary>Destinations whose current run of failures has reached Cgf:Delivery:FailuresBeforeSwitch.</summary>
    public int FailingDestinations => Enumerable.Range(0, _destinations.Length).Count(i => _selector.ConsecutiveFailures(i) >= _options.FailuresBeforeSwitch);

    /// <summary>Whether <paramref name="name"/> is delivered as the mode requires (one destination in Failover, all in All).</summary>
    public bool IsDelivered(string name)
    {
        var done = _store.DoneFor(name);
        var have = _destinations.Count(d => done.Contains(d.Key));
        return have >= (_anyDestination ? 1 : _destinations.Length);
    }

    public (long Count, DateTimeOffset? Oldest) Undelivered() => _store.Undelivered();

    /// <summary>One pass: every file each destination that takes files now still lacks, until one fails.</summary>
    /// <returns>Files delivered in this pass.</returns>
    public int Pass(string exportDirectory, CancellationToken cancellationToken)
    {
        if (_selector.Tick(_time.GetUtcNow()) is { } returned)
        {
            DeliveryLog.Returned(_logger, _destinations[returned].Key, _options.ReturnAfter);
            SaveAll();
        }
        var delivered = 0;
        var queue = new Queue<int>(_selector.Targets());
        // Failover moves to the next destination within the pass; at most one round of them.
        var switches = 0;
        while (queue.TryDequeue(out var index))
        {
            var (count, failed) = DeliverQueue(index, exportDirectory, cancellationToken);
            delivered += count;
            if (failed && _selector.Active != index && _selector.IsActive(_selector.Active) && _options.Mode == DeliveryMode.Failover
                && ++switches < _destinations.Length)
                queue.Enqueue(_selector.Active);
        }
        return delivered;
    }

    /// <returns>Files delivered, and whether the destination failed.</returns>
    private (int Delivered, bool Failed) DeliverQueue(int index, string exportDirectory, CancellationToken cancellationToken)
    {
        var destination = _destinations[index];
        var delivered = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var pending = _store.Pending(destination.Key, _anyDestination, FilesPerQuery);
            if (pending.Count == 0)
                return (delivered, false);
            foreach (var file in pending)
            {
                if (cancellationToken.IsCancellationRequested)
                    return (delivered, false);
                try
                {
                    if (Deliver(destination, file, exportDirectory))
                        delivered++;
                }
                catch (DeliveryException exception)
                {
                    OnFailure(index, exception);
                    return (delivered, true);
                }
                OnSuccess(index);
            }
        }
        return (delivered, false);
    }

    /// <returns>True when the file is now delivered there; false when it had left the export directory.</returns>
    private bool Deliver(DestinationRuntime destination, PendingDelivery file, string exportDirectory)
    {
        var sftp = destination.Sftp;
        var final = sftp.StatFinal(file.Name, file.FileLength, file.Sha256);
        var temporary = final == RemoteFinal.Absent && file.State == DeliveryRecordState.Renaming
            ? sftp.StatTemporary(file.Name, file.FileLength)
            : RemoteTemporary.Absent;
        switch (DeliveryStep.Decide(file.State, final, temporary))
        {
            case DeliveryAction.Conflict:
                throw new DeliveryException(DeliveryFailureKind.Conflict,
                    $"{destination.Key}: another file named {file.Name} is there; move it away to let delivery go on");
            case DeliveryAction.Record:
                Record(destination, file, recovered: true);
                DeliveryLog.Recovered(_logger, file.Name, destination.Key, final == RemoteFinal.Matching
                    ? "found complete under its final name, size and SHA-256 checked"
                    : "renamed before the stop and already taken from the destination");
                return true;
            case DeliveryAction.Rename:
                Rename(destination, file);
                DeliveryLog.Recovered(_logger, file.Name, destination.Key, "renamed the complete temporary file left by the stop");
                return true;
        }
        var local = Path.Combine(exportDirectory, file.Name);
        if (!File.Exists(local))
        {
            _store.Record(file.Name, destination.Key, DeliveryRecordState.Missing, file.FileLength, _time.GetUtcNow());
            DeliveryLog.Missing(_logger, file.Name, Path.GetFullPath(exportDirectory), destination.Key);
            return false;
        }
        sftp.Upload(local, file.Name, file.FileLength);
        // Recorded before the rename: after a stop with neither name on the destination, the rename happened.
        _store.Record(file.Name, destination.Key, DeliveryRecordState.Renaming, file.FileLength, _time.GetUtcNow());
        DeliveryCrashPoint.At(DeliveryCrashPoint.BeforeRename);
        Rename(destination, file);
        DeliveryLog.Delivered(_logger, file.Name, destination.Key, file.FileLength);
        return true;
    }

    private void Rename(DestinationRuntime destination, PendingDelivery file)
    {
        destination.Sftp.Rename(file.Name);
        DeliveryCrashPoint.At(DeliveryCrashPoint.AfterRename);
        Record(destination, file, recovered: false);
    }

    private void Record(DestinationRuntime destination, PendingDelivery file, bool recovered)
    {
        var now = _time.GetUtcNow();
        _store.Record(file.Name, destination.Key, DeliveryRecordState.Delivered, file.FileLength, now, recovered);
        Interlocked.Increment(ref destination.Delivered);
        destination.LastSuccess = now;
    }

    private void OnSuccess(int index)
    {
        var destination = _destinations[index];
        var failures = _selector.ConsecutiveFailures(index);
        _selector.OnSuccess(index);
        if (destination.FailingAs is not null)
        {
            destination.FailingAs = null;
            DeliveryLog.Restored(_logger, destination.Key, failures);
            _alarms?.Clear(CgfAlarms.DeliveryFailing, destination.Key);
        }
        Save(index);
    }

    private void OnFailure(int index, DeliveryException exception)
    {
        var destination = _destinations[index];
        var now = _time.GetUtcNow();
        Interlocked.Increment(ref destination.Failures);
        destination.LastFailure = now;
        destination.LastError = exception.Message;
        if (destination.FailingAs != exception.Kind)
        {
            destination.FailingAs = exception.Kind;
            DeliveryLog.Failing(_logger, destination.Key, exception.Kind, exception.Message, exception);
        }
        var previous = _selector.Active;
        var switched = _selector.OnFailure(index, now);
        if (_selector.ConsecutiveFailures(index) >= _options.FailuresBeforeSwitch || switched is not null)
            _alarms?.Raise(CgfAlarms.DeliveryFailing, destination.Key, $"{exception.Kind}: {exception.Message}");
        if (switched is { } next)
        {
            DeliveryLog.Switched(_logger, _destinations[previous].Key, _destinations[next].Key, _options.FailuresBeforeSwitch);
            SaveAll();
        }
        else
        {
            Save(index);
        }
    }

    private void SaveAll()
    {
        for (var i = 0; i < _destinations.Length; i++)
            Save(i);
    }

    private void Save(int index)
    {
        var d = _destinations[index];
        _store.SaveState(new DestinationState(d.Key, index, _selector.IsActive(index), _selector.ConsecutiveFailures(index),
            d.LastSuccess, d.LastFailure, d.LastError));
    }

    public void Dispose()
    {
        foreach (var destination in _destinations)
            destination.Sftp.Dispose();
        _store.Dispose();
    }
}
