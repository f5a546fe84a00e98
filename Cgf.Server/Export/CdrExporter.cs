using Cgf.Server.Diagnostics;
using Charging.CdrFiles;
using Microsoft.Extensions.Logging;
using Storage.Cgf;
using System.Security.Cryptography;

namespace Cgf.Server.Export;

/// <summary>
/// Writes committed CDRs into TS 32.297 files, exactly once. Per file: build it in memory, write it
/// under a temporary name, fsync it, rename it, fsync the directory, and only then, in one transaction,
/// record the batch (name, sequence number, count, SHA-256) and mark its CDRs exported.
/// Recovery (at construction, and by <see cref="Recover"/>): leftover temporary files are deleted;
/// a complete file carrying the next, unrecorded sequence number is checked record by record against
/// the CDRs awaiting export and recorded, not rewritten. Possibly-duplicate CDRs go to their own files.
/// One exporter per directory: a lock file keeps a second one (server and command) out.
/// </summary>
public sealed class CdrExporter : IDisposable
{
    public const string LockFileName = ".cgf-export.lock";
    private const int ReadChunk = 8192;

    private readonly CdrExporterSettings _settings;
    private readonly ILogger _logger;
    private readonly ICdrExportStore _store;
    private readonly FileStream _lock;
    private readonly PreparedFile _current;
    private readonly PreparedFile _next;
    private ICdrExportStore? _readStore;

    public CdrExporter(CdrExporterSettings settings, ILogger logger)
    {
        _settings = settings;
        _logger = logger;
        Directory.CreateDirectory(settings.Directory);
        try
        {
            _lock = new FileStream(Path.Combine(settings.Directory, LockFileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException exception) when (exception is not FileNotFoundException and not DirectoryNotFoundException)
        {
            throw new IOException($"export directory '{settings.Directory}' is in use by another exporter ({exception.Message})", exception);
        }
        try
        {
            _store = CgfStorage.OpenExportStore(settings.Database);
            _current = new PreparedFile((int)Math.Min(settings.MaxBytes, 16 << 20));
            _next = new PreparedFile((int)Math.Min(settings.MaxBytes, 16 << 20));
            Recover();
        }
        catch
        {
            _store?.Dispose();
            _lock.Dispose();
            throw;
        }
    }

    /// <summary>Committed CDRs not yet exported.</summary>
    public long CountExportable() => _store.CountExportable();

    /// <summary>Whether any committed CDR waits for export; unlike <see cref="CountExportable"/>, cheap enough for every poll.</summary>
    public bool AnyExportable() => _store.AnyExportable();

    /// <summary>
    /// Whether a file of one kind would close now: Max CDRs or Max bytes worth are waiting, or the oldest
    /// waiting CDR was committed at least Max age ago. Cheap (no record is read), so a service can ask every poll.
    /// </summary>
    public bool IsFileDue(bool possiblyDuplicate, long nowMs)
    {
        var (count, bytes, oldestMs) = _store.PeekExportable(possiblyDuplicate, _settings.MaxCdrs);
        if (count == 0)
            return false;
        // 5 = the largest CDR header; the file header is at most 54 octets here.
        return count >= _settings.MaxCdrs || CdrFileHeader.FixedLength + 2 + bytes + 5L * count > _settings.MaxBytes ||
               oldestMs is { } oldest && nowMs - oldest >= (long)_settings.MaxAge.TotalMilliseconds;
    }

    /// <summary>
    /// Deletes leftover temporary files, then records complete but unrecorded files: the one carrying the
    /// next file sequence number (killed before marking), and the ones after it when marking transactions
    /// were lost to a power failure (the export connection commits with synchronous=NORMAL). Returns them.
    /// </summary>
    public IReadOnlyList<ExportedFile> Recover()
    {
        // A pool's files carry the id of the CGF that wrote them, and a CGF taking export over continues the sequence
        // of the one before (docs/cgf-pool.md "One exporter"): its leftovers are looked at like this CGF's own.
        var nodeIds = _store.FileNodeIds(_settings.NodeId);
        var closed = new Dictionary<uint, List<(string Path, bool PossiblyDuplicate)>>();
        foreach (var path in Directory.EnumerateFiles(_settings.Directory))
        {
            var name = Path.GetFileName(path);
            var nodeId = nodeIds.FirstOrDefault(n => name.StartsWith(n + CdrFileName.Separator, StringComparison.Ordinal));
            if (nodeId is null)
                continue;
            if (name.EndsWith(CdrFileName.TemporarySuffix, StringComparison.Ordinal))
            {
                // Never renamed: its CDRs were not marked, the next file carries them again.
                File.Delete(path);
                ExportLog.TemporaryFileDeleted(_logger, name);
            }
            else if (CdrFileName.TryParse(name, nodeId, out var sequence, out var possiblyDuplicate))
            {
                if (!closed.TryGetValue(sequence, out var list))
                    closed[sequence] = list = [];
                list.Add((path, possiblyDuplicate));
            }
        }
        var recovered = new List<ExportedFile>();
        for (var next = _store.NextFileSequenceNumber(); closed.TryGetValue(next, out var unrecorded); next++)
        {
            if (unrecorded.Count > 1)
                throw new ExportRecoveryException($"{unrecorded.Count} files in '{_settings.Directory}' carry the unrecorded file sequence number {next}: move all but one away");
            recovered.Add(RecordUnrecorded(unrecorded[0].Path, unrecorded[0].PossiblyDuplicate, next));
        }
        return recovered;
    }

    private ExportedFile RecordUnrecorded(string path, bool possiblyDuplicate, uint sequence)
    {
        var name = Path.GetFileName(path);
        var bytes = File.ReadAllBytes(path);
        if (!CdrFileReader.TryRead(bytes, out var file, out var error))
            throw new ExportRecoveryException($"unrecorded file {name} (sequence {sequence}) does not parse {error}: move it away, its CDRs will be exported again");
        if (file.Records.Count == 0)
            throw new ExportRecoveryException($"unrecorded file {name} (sequence {sequence}) holds no CDRs: move it away");
        if (file.Header.FileSequenceNumber != sequence)
            throw new ExportRecoveryException($"unrecorded file {name}: its header has file sequence number {file.Header.FileSequenceNumber}, its name {sequence}");

        // Its CDRs are the first awaiting export of its kind, in id order (listed late commits up to the cursor,
        // then the scan above it); a pending CDR released after the file was written may sit between them, so
        // match the file's records as a subsequence.
        var ids = new List<long>(file.Records.Count);
        // CDRs no file may carry that the interrupted export read beside the file's are set aside with its batch.
        var withheld = new List<long>();
        var matched = 0;
        var after = 0L;
        while (matched < file.Records.Count)
        {
            var read = 0;
            foreach (var cdr in _store.ReadExportable(possiblyDuplicate, after, ReadChunk))
            {
                read++;
                after = cdr.Id;
                if (!CdrRecordFormat.Unpack(cdr.RecordFormat).TryGetFileDataRecordFormat(out _))
                {
                    if (matched < file.Records.Count)
                        withheld.Add(cdr.Id);
                    continue;
                }
                if (matched < file.Records.Count && file.Records[matched].Data.Span.SequenceEqual(cdr.Data))
                {
                    ids.Add(cdr.Id);
                    matched++;
                }
            }
            if (read == 0)
                throw new ExportRecoveryException(
                    $"unrecorded file {name} (sequence {sequence}): record {matched + 1} of {file.Records.Count} is not among the CDRs awaiting export; move it away");
        }
        var batch = new ExportBatch(sequence, name, possiblyDuplicate, ids.Count, bytes.Length, SHA256.HashData(bytes), ids[0], ids[^1],
            DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), Recovered: true);
        _store.RecordBatch(batch, ids, withheld);
        ExportLog.UnrecordedFileRecorded(_logger, name, ids.Count, sequence);
        if (withheld.Count > 0)
            ExportLog.CdrsWithheld(_logger, withheld.Count);
        return new ExportedFile(path, sequence, ids.Count, bytes.Length, possiblyDuplicate, file.Header.ClosureTriggerReason, true);
    }

    /// <summary>
    /// Writes one file of committed CDRs of one kind. A file closes at Max CDRs or Max bytes; with fewer
    /// CDRs waiting it is written only when <paramref name="closeShort"/> says so (manual, or open-time
    /// limit), else null is returned and nothing changes. Null too when nothing is waiting.
    /// </summary>
    public ExportedFile? ExportFile(bool possiblyDuplicate, Func<long, FileClosureTriggerReason?> closeShort)
    {
        while (true)
        {
            if (!_current.Build(_store, _settings, possiblyDuplicate, afterId: 0))
                return null;
            if (_current.Ids.Count > 0)
                break;
            // Only CDRs no file may carry were read: set them aside and read on.
            SetAside(_store, _current);
        }
        var reason = _current.Reason ?? closeShort(_current.OpenedAtMs);
        if (reason is not null)
            return WriteAndRecord(_current, reason.Value);
        // The file waits for more CDRs; the withheld ones need not wait with it.
        SetAside(_store, _current);
        return null;
    }

    /// <summary>
    /// Exports everything committed now, normal CDRs then possibly-duplicate ones; the last file of each
    /// kind closes with trigger "manual closure". While one file is written and marked, the next is read
    /// and encoded on another thread and connection (it starts after the last id of the one being
    /// marked). <paramref name="progress"/> gets the CDRs exported so far.
    /// </summary>
    public IReadOnlyList<ExportedFile> ExportAll(Action<long>? progress = null)
    {
        _readStore ??= CgfStorage.OpenExportStore(_settings.Database);
        var readStore = _readStore;
        var files = new List<ExportedFile>();
        var exported = 0L;
        foreach (var possiblyDuplicate in new[] { false, true })
        {
            var current = _current;
            var spare = _next;
            var pending = Task.Run(() => current.Build(readStore, _settings, possiblyDuplicate, afterId: 0));
            while (pending.GetAwaiter().GetResult())
            {
                var afterId = current.LastReadId;
                if (current.Ids.Count == 0)
                {
                    // Only CDRs no file may carry were read (no build runs now): set them aside and read on.
                    SetAside(_store, current);
                    var again = current;
                    pending = Task.Run(() => again.Build(readStore, _settings, possiblyDuplicate, afterId));
                    continue;
                }
                var building = spare;
                pending = Task.Run(() => building.Build(readStore, _settings, possiblyDuplicate, afterId));
                try
                {
                    var file = WriteAndRecord(current, current.Reason ?? FileClosureTriggerReason.ManualClosure);
                    files.Add(file);
                    exported += file.CdrCount;
                    progress?.Invoke(exported);
                }
                catch
                {
                    // Let the build on the other connection finish before the caller disposes it; its own failure is secondary.
                    try
                    {
                        pending.Wait();
                    }
                    catch (AggregateException)
                    {
                    }
                    throw;
                }
                (current, spare) = (building, current);
            }
        }
        return files;
    }

    private ExportedFile WriteAndRecord(PreparedFile file, FileClosureTriggerReason reason)
    {
        // On a pool: renewed before each file, so the file is written well inside the lease (docs/cgf-pool.md).
        if (_settings.Lease is { } lease && !lease.TryAcquire())
            throw new IOException($"the pool's export lease passed to CGF {lease.Holder}: this CGF stops exporting");
        var sequence = _store.NextFileSequenceNumber();
        var closedAt = DateTimeOffset.Now;
        var name = CdrFileName.Format(_settings.NodeId, sequence, closedAt, file.PossiblyDuplicate);
        var path = Path.Combine(_settings.Directory, name);
        var temporary = path + CdrFileName.TemporarySuffix;
        var builder = file.Builder;
        var header = builder.CreateHeader(sequence, reason, _settings.NodeAddress,
            DateTimeOffset.FromUnixTimeMilliseconds(file.OpenedAtMs).ToLocalTime(), DateTimeOffset.FromUnixTimeMilliseconds(file.LastAppendedAtMs).ToLocalTime());
        var headerBytes = new byte[header.EncodedLength];
        header.Encode(headerBytes);

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(headerBytes);
        hash.AppendData(builder.Body);
        using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
        {
            stream.Write(headerBytes);
            stream.Write(builder.Body);
            stream.Flush(flushToDisk: true);
        }
        ExportCrashPoint.At(ExportCrashPoint.AfterWrite);
        File.Move(temporary, path);
        ExportCrashPoint.At(ExportCrashPoint.AfterRename);
        DirectorySync.Flush(_settings.Directory);
        ExportCrashPoint.At(ExportCrashPoint.BeforeMark);

        var length = (long)header.FileLength;
        try
        {
            _store.RecordBatch(new ExportBatch(sequence, name, file.PossiblyDuplicate, file.Ids.Count, length, hash.GetHashAndReset(), file.Ids[0], file.Ids[^1],
                DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), Recovered: false), file.Ids, file.Withheld);
        }
        catch (InvalidOperationException) when (_settings.Lease is not null)
        {
            RemoveUnrecorded(path);
            throw;
        }
        if (file.Withheld.Count > 0)
            ExportLog.CdrsWithheld(_logger, file.Withheld.Count);
        return new ExportedFile(path, sequence, file.Ids.Count, length, file.PossiblyDuplicate, reason, false);
    }

    /// <summary>
    /// On a pool, a file whose marking was refused because another CGF now holds the export lease (or took its sequence
    /// number) is removed unless that CGF recorded it: its CDRs are unmarked and the holder exports them under the same
    /// sequence number.
    /// </summary>
    private void RemoveUnrecorded(string path)
    {
        try
        {
            if (!_store.IsRecorded(Path.GetFileName(path)))
            {
                File.Delete(path);
                ExportLog.TemporaryFileDeleted(_logger, Path.GetFileName(path));
            }
        }
        catch (Exception exception) when (CgfStorage.IsFailure(exception))
        {
            // The database is unreachable: the file stays, and recovery records or refuses it later.
        }
    }

    /// <summary>Marks the withheld CDRs of <paramref name="file"/> (read, not in a file) in their own transaction.</summary>
    private void SetAside(ICdrExportStore store, PreparedFile file)
    {
        var withheld = store.Withhold(file.Withheld);
        if (withheld > 0)
            ExportLog.CdrsWithheld(_logger, withheld);
    }

    public void Dispose()
    {
        _readStore?.Dispose();
        _store.Dispose();
        _lock.Dispose();
    }
}
