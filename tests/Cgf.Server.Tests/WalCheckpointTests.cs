using Cgf.Server.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Storage;
using Storage.Cdf;
using Storage.Cgf;
using Storage.Cgf.Ledger;
using Storage.Cgf.Writer;

namespace Cgf.Server.Tests;

/// <summary>
/// Checkpoints run beside the single writer (WalCheckpointer), never inside its commits, and the WAL still starts
/// over once it reaches the restart size; real SQLite files throughout.
/// </summary>
public sealed class WalCheckpointTests : IDisposable
{
    private const int PageBytes = 4096;
    private readonly string _directory = TempDirectory.Create();

    [Fact]
    public void WritersCommitsLeaveTheWalToTheCheckpointer()
    {
        var path = Path.Combine(_directory, "plain.db");
        using var writer = OpenTable(path);
        // A checkpointer that never gets to run: nothing may copy the WAL back.
        using (new WalCheckpointer(writer, path, long.MaxValue, TimeSpan.FromHours(1)))
        {
            for (var i = 0; i < 100; i++)
                Insert(writer, 16 * PageBytes);
            // SQLite's own checkpoint would have started the WAL over at 1,000 pages (about 4 MB).
            Assert.True(WalBytes(path) > 1500L * PageBytes, $"WAL {WalBytes(path)} octets");
        }
    }

    [Fact]
    public void TheCheckpointerCopiesTheWalBesideTheWriter()
    {
        var path = Path.Combine(_directory, "beside.db");
        using var writer = OpenTable(path);
        using var checkpointer = new WalCheckpointer(writer, path, long.MaxValue, TimeSpan.FromMilliseconds(10));
        for (var i = 0; i < 200; i++)
            Insert(writer, PageBytes);
        // The pass after the last commit copies every frame: the next write may start the WAL over.
        var passes = checkpointer.Passes;
        SpinWait.SpinUntil(() => checkpointer.Passes >= passes + 2, TimeSpan.FromSeconds(10));
        var (log, copied) = WalState(writer);
        Assert.True(log > 0);
        Assert.Equal(log, copied);
        Assert.Equal(0, checkpointer.Failures);
    }

    [Fact]
    public void TheWalStartsOverOnceItReachesTheRestartSize()
    {
        var path = Path.Combine(_directory, "restart.db");
        const long restart = 1 << 20;
        using var writer = OpenTable(path);
        using var checkpointer = new WalCheckpointer(writer, path, restart, TimeSpan.FromMilliseconds(5));
        long largest = 0;
        var holding = false;
        var startedOver = 0;
        for (var i = 0; i < 256; i++)
        {
            var walBefore = WalCheckpointSequence(path);
            Insert(writer, 16 * PageBytes);
            // After a finished checkpoint the next write starts the WAL over: a new WAL header (sqlite.org/fileformat2.html §4.1).
            if (holding && WalCheckpointSequence(path) != walBefore)
                startedOver++;
            var restarts = checkpointer.Restarts;
            checkpointer.FinishIfDue();
            if (!holding && WalBytes(path) >= restart)
            {
                // The writer learns the WAL's size from the passes beside it, and a pass holds the checkpoint the writer
                // needs: on a loaded machine that thread may not have run since this commit, or may be running now. Wait
                // for passes instead of racing them, then finish as the writer would once it gets its turn.
                WaitForPasses(checkpointer, 2);
                while (checkpointer.Restarts == restarts && checkpointer.RestartDue)
                {
                    checkpointer.FinishIfDue();
                    if (checkpointer.Restarts == restarts)
                        WaitForPasses(checkpointer, 1);
                }
            }
            holding = checkpointer.Restarts > restarts;
            largest = Math.Max(largest, WalBytes(path));
        }
        // 16 MB written; the WAL file stays near the restart size (a pass's worth of frames past it at most).
        Assert.True(checkpointer.Restarts > 0, "the writer never finished a checkpoint");
        Assert.Equal(checkpointer.Restarts - (holding ? 1 : 0), startedOver);
        Assert.True(largest < 6 * restart, $"WAL grew to {largest} octets");
        Assert.Equal(256, Count(writer, "SELECT COUNT(*) FROM t"));
        Assert.Equal("ok", Scalar(writer, "PRAGMA integrity_check"));
    }

    [Fact]
    public void CgfWritersWalStaysBoundedAndKeepsEveryCdr()
    {
        var path = Path.Combine(_directory, "cgf.db");
        const long restart = 1 << 20;
        const int requests = 400, perRequest = 25;
        var observer = new CountingObserver();
        long largest = 0;
        using (var writer = new CgfWriter<TransferRequest>(new CgfWriterOptions { Path = path, IndexChunk = 0, WalRestartBytes = restart, CheckpointInterval = TimeSpan.FromMilliseconds(5) }, observer))
        {
            for (var sequence = 1; sequence <= requests; sequence++)
            {
                var records = Enumerable.Range(0, perRequest).Select(i => new IncomingRecord(Record(sequence * perRequest + i), true)).ToArray();
                writer.TryEnqueue(new TransferRequest { Peer = "192.0.2.1", SequenceNumber = (ushort)sequence, Kind = TransferKind.Send, ContentHash = (UInt128)sequence, Records = records });
                // Paced so that commits keep coming while the WAL passes the restart size several times.
                if (sequence % 10 == 0)
                {
                    SpinWait.SpinUntil(() => observer.Answered >= sequence, TimeSpan.FromSeconds(30));
                    largest = Math.Max(largest, WalBytes(path));
                }
            }
            SpinWait.SpinUntil(() => observer.Answered >= requests, TimeSpan.FromSeconds(30));
            Assert.Equal(requests, observer.Accepted);
        }
        // 10,000 CDRs of 1 KB (about 12 MB of WAL frames) through a 1 MB restart size.
        Assert.True(largest < 6 * restart, $"WAL grew to {largest} octets");
        using var reader = SqliteDatabase.OpenReadOnly(path);
        Assert.Equal(requests * perRequest, Count(reader, "SELECT COUNT(*) FROM cdrs"));
        Assert.Equal("ok", Scalar(reader, "PRAGMA integrity_check"));
    }

    [Fact]
    public void OutboxWalStaysBounded()
    {
        var path = Path.Combine(_directory, "outbox.db");
        const long restart = 1 << 20;
        long largest = 0, id = 1;
        using (var outbox = new CdfOutbox(path, restart))
        {
            for (var turn = 0; turn < 800; turn++)
            {
                var changes = new OutboxChanges();
                for (var i = 0; i < 50; i++, id++)
                    changes.Enqueued.Add(new QueuedCdr(id, Record((int)id)));
                outbox.Apply(changes);
                largest = Math.Max(largest, WalBytes(path));
            }
            Assert.Equal(800 * 50, outbox.ReadStatus().QueuedCdrs);
        }
        // 40,000 CDRs of 1 KB (about 54 MB of WAL frames) through a 1 MB restart size. Past four restart sizes the
        // outbox finishes the checkpoint itself, so the bound holds however late the checkpoint thread runs.
        Assert.True(largest < 6 * restart, $"WAL grew to {largest} octets");
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static byte[] Record(int n)
    {
        // A BER SEQUENCE of 1,000 octets (long-form length), distinct per n.
        var record = new byte[1004];
        record[0] = 0x30;
        record[1] = 0x82;
        record[2] = 1000 >> 8;
        record[3] = 1000 & 0xFF;
        record[4] = 0x04;
        record[5] = 0x82;
        record[6] = 996 >> 8;
        record[7] = 996 & 0xFF;
        BitConverter.TryWriteBytes(record.AsSpan(8), n);
        return record;
    }

    private static SqliteConnection OpenTable(string path)
    {
        var connection = SqliteDatabase.OpenReadWrite(path);
        using var command = connection.CreateCommand();
        command.CommandText = "CREATE TABLE t (id INTEGER PRIMARY KEY, data BLOB NOT NULL)";
        command.ExecuteNonQuery();
        return connection;
    }

    private static void Insert(SqliteConnection connection, int bytes)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO t (data) VALUES (randomblob($bytes))";
        command.Parameters.AddWithValue("$bytes", bytes);
        command.ExecuteNonQuery();
    }

    private static (long Log, long Copied) WalState(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
        using var reader = command.ExecuteReader();
        reader.Read();
        return (reader.GetInt64(1), reader.GetInt64(2));
    }

    private static void WaitForPasses(WalCheckpointer checkpointer, int passes)
    {
        var target = checkpointer.Passes + passes;
        Assert.True(SpinWait.SpinUntil(() => checkpointer.Passes >= target, TimeSpan.FromSeconds(60)), "the checkpoint thread stopped running passes");
    }

    /// <summary>The WAL header's checkpoint sequence number (octets 12-15): SQLite increments it each time the WAL starts over.</summary>
    private static uint WalCheckpointSequence(string path)
    {
        if (!File.Exists(path + "-wal"))
            return 0;
        using var wal = new FileStream(path + "-wal", FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        Span<byte> header = stackalloc byte[16];
        return wal.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) == header.Length
            ? System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(header[12..])
            : 0;
    }

    private static long WalBytes(string path) => File.Exists(path + "-wal") ? new FileInfo(path + "-wal").Length : 0;

    private static long Count(SqliteConnection connection, string sql) => Convert.ToInt64(Scalar(connection, sql));

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private sealed class CountingObserver : ICgfWriterObserver<TransferRequest>
    {
        private int _answered, _accepted;
        public int Answered => Volatile.Read(ref _answered);
        public int Accepted => Volatile.Read(ref _accepted);

        public void OnBatchCompleted(IReadOnlyList<TransferRequest> batch, TimeSpan commitDuration, bool committed)
        {
            foreach (var request in batch)
            {
                if (committed && request.Outcome == TransferOutcome.Accepted)
                    Interlocked.Increment(ref _accepted);
                Interlocked.Increment(ref _answered);
            }
        }

        public void OnHoldExpired(int packets, int cdrs) { }
        public void OnStorageError(Exception exception) { }
    }
}
