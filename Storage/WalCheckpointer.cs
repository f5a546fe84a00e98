using Dapper;
using Microsoft.Data.Sqlite;

namespace Storage;

/// <summary>
/// Checkpoints a WAL database beside its single writer, so that the writer's commits never copy pages into the
/// database file. SQLite's automatic checkpoint runs inside the COMMIT that takes the WAL past 1,000 pages: it
/// copies them into the database file and fsyncs that file before the COMMIT returns. At 200,000 CDRs/s that was a
/// commit every 40 ms taking 10-30 ms instead of 1-2, and it set the p99 of acknowledgement latency.
/// <para>
/// This turns that off on the writer's connection; its thread, on a connection of its own, runs PASSIVE
/// checkpoints (which never wait for the writer nor block it). SQLite starts the WAL file over only when a write
/// begins with every frame already copied, which a checkpoint running beside a busy writer seldom leaves. So once
/// the WAL holds the restart size, the writer copies what the last pass left, between two of its transactions
/// (<see cref="FinishIfDue"/>), and its next write starts the WAL over: the file stays near that size.
/// </para>
/// Durability is unchanged: every commit still syncs the WAL (synchronous=FULL), and a checkpoint syncs the
/// database file before SQLite may reuse the WAL.
/// </summary>
public sealed class WalCheckpointer : IDisposable
{
    // Each WAL frame is a 24-octet header and one page (sqlite.org/fileformat2.html §4.1).
    private const int FrameHeaderBytes = 24;
    private const int MaxCatchUpPasses = 8;
    private const int CatchUpFrames = 128;
    private static readonly TimeSpan OverLimitWait = TimeSpan.FromMilliseconds(250);

    /// <summary>WAL size past which the writer finishes a checkpoint so that the WAL starts over.</summary>
    public const long DefaultRestartBytes = 64L << 20;
    /// <summary>Pause between two checkpoint passes.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(50);

    private readonly SqliteConnection _writer;
    private readonly SqliteConnection _connection;
    private readonly long _restartFrames;
    private readonly string _walPath;
    private readonly long _fileLimitBytes;
    private readonly TimeSpan _interval;
    private readonly Thread _thread;
    private readonly ManualResetEventSlim _stop = new(false);
    // One checkpoint at a time; the writer keeps it from its finishing checkpoint until its next transaction.
    private readonly SemaphoreSlim _gate = new(1, 1);
    private bool _holding;
    private long _walFrames;
    private long _passes;
    private long _failures;
    private long _restarts;

    /// <param name="writer">The single writer's open connection: its automatic checkpoint is turned off.</param>
    /// <param name="path">The database file.</param>
    /// <param name="restartBytes">WAL size past which the writer finishes a checkpoint so the WAL starts over.</param>
    /// <param name="interval">Pause between two checkpoint passes.</param>
    /// <param name="fileLimitBytes">
    /// When positive, a WAL file past this size makes the restart due at once, without waiting for a pass to count
    /// its frames: under a size cap a fast writer adds megabytes between two passes (docs/cgf-design.md "Size cap").
    /// </param>
    public WalCheckpointer(SqliteConnection writer, string path, long restartBytes, TimeSpan interval, long fileLimitBytes = 0)
    {
        _walPath = path + "-wal";
        _fileLimitBytes = fileLimitBytes;
        ArgumentOutOfRangeException.ThrowIfLessThan(restartBytes, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        SqliteDatabase.Execute(writer, "PRAGMA wal_autocheckpoint=0;");
        _writer = writer;
        _connection = SqliteDatabase.OpenReadWrite(path);
        _restartFrames = Math.Max(1, restartBytes / (_connection.ExecuteScalar<long>("PRAGMA page_size;") + FrameHeaderBytes));
        _interval = interval;
        _thread = new Thread(Run) { Name = "wal-checkpoint", IsBackground = true };
        _thread.Start();
    }

    /// <summary>Checkpoint passes run by this thread (successful or not).</summary>
    public long Passes => Interlocked.Read(ref _passes);

    /// <summary>Passes that failed (I/O error, locked file); the next pass tries again.</summary>
    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>Checkpoints the writer finished so that the WAL could start over.</summary>
    public long Restarts => Interlocked.Read(ref _restarts);

    /// <summary>The last pass found the WAL at the restart size or past it: <see cref="FinishIfDue"/> will finish a checkpoint.</summary>
    internal bool RestartDue => Volatile.Read(ref _walFrames) >= _restartFrames || (_fileLimitBytes > 0 && WalFileBytes() > _fileLimitBytes);

    private long WalFileBytes()
    {
        var wal = new FileInfo(_walPath);
        return wal.Exists ? wal.Length : 0;
    }

    /// <summary>
    /// Called by the writer between transactions, on its own connection: when the WAL has reached the restart size,
    /// copies the frames the last pass left (a PASSIVE checkpoint, so the next write starts the WAL over). A
    /// checkpoint already running on this thread makes it return at once; it is due again after the writer's next
    /// transaction.
    /// </summary>
    public void FinishIfDue()
    {
        if (_holding)
        {
            // The transaction since the finishing checkpoint began with every frame copied: it started the WAL over.
            _holding = false;
            _gate.Release();
            return;
        }
        if (!RestartDue)
            return;
        // Past the file limit the bound must hold: wait for a pass that holds the gate (a starved checkpoint thread
        // can hold it for many of the writer's transactions) instead of letting the WAL grow past it.
        var overLimit = _fileLimitBytes > 0 && WalFileBytes() > _fileLimitBytes;
        if (!_gate.Wait(overLimit ? OverLimitWait : TimeSpan.Zero))
            return;
        var finished = false;
        try
        {
            var (busy, log, copied) = Checkpoint(_writer);
            finished = busy == 0 && copied == log;
        }
        catch (SqliteException)
        {
            // As for a failed pass: the WAL only grows until a later one succeeds.
            Interlocked.Increment(ref _failures);
        }
        if (finished)
        {
            // Keep the passes out until the writer's next transaction has begun: a pass copying pages holds the
            // lock a transaction needs to read from the database file alone (wal.c, WAL_READ_LOCK(0)), and a
            // transaction without it appends to the WAL instead of starting it over.
            Volatile.Write(ref _walFrames, 0);
            Interlocked.Increment(ref _restarts);
            _holding = true;
        }
        else
        {
            _gate.Release();
        }
    }

    /// <summary>Called by the writer (as <see cref="FinishIfDue"/>), before it closes its own connection.</summary>
    public void Dispose()
    {
        if (_holding)
        {
            _holding = false;
            _gate.Release();
        }
        _stop.Set();
        _thread.Join();
        _connection.Dispose();
        _stop.Dispose();
        _gate.Dispose();
    }

    private void Run()
    {
        while (!_stop.Wait(_interval))
        {
            if (!_gate.Wait(0))
                continue;
            try
            {
                var (_, log, _) = Checkpoint(_connection);
                // Past the restart size, passes follow one another until one finds few new frames: the writer's
                // finishing checkpoint then copies little (a pass's worth of frames there stalled the writer
                // tens of milliseconds twice a second at 260,000 CDRs/s).
                for (var pass = 0; log >= _restartFrames && pass < MaxCatchUpPasses && !_stop.IsSet; pass++)
                {
                    var previous = log;
                    (_, log, _) = Checkpoint(_connection);
                    if (log - previous <= CatchUpFrames)
                        break;
                }
                Volatile.Write(ref _walFrames, log);
            }
            catch (Exception exception) when (exception is SqliteException or InvalidOperationException)
            {
                // The writer's own commits report a disk that fails; this pass is tried again later.
                Interlocked.Increment(ref _failures);
            }
            finally
            {
                _gate.Release();
            }
            Interlocked.Increment(ref _passes);
        }
    }

    /// <summary>PRAGMA wal_checkpoint(PASSIVE): (1 when another checkpoint held the lock, frames in the WAL, frames copied).</summary>
    private static (long Busy, long Log, long Copied) Checkpoint(SqliteConnection connection) =>
        connection.QueryFirstOrDefault<(long, long, long)>("PRAGMA wal_checkpoint(PASSIVE);");
}
