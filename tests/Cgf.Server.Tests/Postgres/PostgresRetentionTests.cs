using Cgf.Server.Tests.Export.Infrastructure;
using Cgf.Server.Tests.Infrastructure;
using Dapper;
using Npgsql;
using Storage.Cgf;
using Storage.Cgf.PostgreSql;
using Storage.Cgf.Retention;

namespace Cgf.Server.Tests.Postgres;

/// <summary>Retention and export on PostgreSQL (docs/cgf-pool.md "Retention and delivery"): the real CGF in process.</summary>
public sealed class PostgresRetentionTests
{
    [SkippableFact]
    public async Task ExportedCdrsAndQuarantinedRecordsOlderThanTheRetentionTimeLeaveAndUnexportedOnesStay()
    {
        var directory = TempDirectory.Create();
        var export = Path.Combine(directory, "out");
        await using var cgf = await TestCgf.StartAsync(StorageProvider.PostgreSql, new Dictionary<string, string?>
        {
            ["Cgf:Retention:Cdrs"] = "00:00:02",
            ["Cgf:Export:Directory"] = export,
            ["Cgf:Export:MaxAge"] = "00:00:00.300",
            ["Cgf:Export:PollInterval"] = "00:00:00.100",
            ["Cgf:PossiblyDuplicateHoldTime"] = "01:00:00",
        });
        await using var cdf = await PeerConnection.OpenAsync("udp", cgf.Endpoint);
        Assert.Equal(128, (await cdf.RequestAsync(Gtpp.Send(1, Gtpp.Record(1), Gtpp.Record(2), Gtpp.Record(3)))).Cause);
        // Not well-formed: quarantined (177), and removed by age like an exported CDR.
        Assert.Equal(177, (await cdf.RequestAsync(Gtpp.Send(2, Gtpp.Record(4), [0x30, 0x80]))).Cause);
        // Pending (never exported): stays whatever its age.
        Assert.Equal(128, (await cdf.RequestAsync(Gtpp.SendPossiblyDuplicated(3, Gtpp.Record(5)))).Cause);

        await Poll.UntilAsync(() => cgf.Status().ExportedCdrs == 4, 20);
        await Poll.UntilAsync(() => cgf.Status().Retention?.CdrsRemoved == 4 && cgf.Status().Retention?.QuarantineRemoved == 1, 30);

        var status = cgf.Status();
        Assert.Equal(1, status.PendingCdrs);
        Assert.Equal(0, status.QuarantinedCdrs);
        using var connection = new NpgsqlConnection(cgf.Location.ConnectionString);
        Assert.Equal(1L, connection.ExecuteScalar<long>("SELECT COUNT(*) FROM cdrs"));
        Assert.Equal(4, Exports.ReadFiles(export).Sum(f => f.File.Records.Count));
    }

    private const int Chunk = 100;

    /// <summary>
    /// <paramref name="count"/> CDR rows stored <paramref name="ageMs"/> before <paramref name="nowMs"/>, in id order
    /// after those already there.
    /// </summary>
    private static void Cdrs(ReaderTestDatabase database, int count, CdrStatus status, long nowMs, long ageMs) =>
        database.Execute(
            "INSERT INTO cdrs (peer_id, seq, record_index, status, received_at, committed_at, record_format, data) " +
            "SELECT 1, n, 0, @status, @at, CASE WHEN @status = 0 THEN NULL ELSE @at END, 7, '\\x3000'::bytea FROM generate_series(1, @count) n ORDER BY n",
            new { count, status = (short)status, at = nowMs - ageMs });

    /// <summary>Rows of <c>cdrs</c> read so far (heap tuples fetched through an index plus those of sequential scans), flushed first.</summary>
    private static long RowsRead(NpgsqlConnection connection)
    {
        connection.Execute("SELECT pg_stat_force_next_flush()");
        return connection.ExecuteScalar<long>("SELECT seq_tup_read + COALESCE(idx_tup_fetch, 0) FROM pg_stat_user_tables WHERE relname = 'cdrs'");
    }

    [SkippableFact]
    public void ALookWithNothingDueReadsAtMostAChunkNotEverythingKept()
    {
        Skip.If(ReaderTestDatabase.MissingReason is not null, ReaderTestDatabase.MissingReason);
        using var database = new ReaderTestDatabase();
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        // Exported a minute ago, kept for an hour: nothing is due, yet every row is exported and would match "old enough" once.
        Cdrs(database, 20_000, CdrStatus.Exported, now, ageMs: 60_000);
        using var connection = new NpgsqlConnection(database.ConnectionString);
        connection.Open();
        var retention = new PostgresRetention(TimeSpan.FromHours(1), Chunk);

        var before = RowsRead(connection);
        for (var look = 0; look < 3; look++)
            Assert.False(retention.RemoveNext(connection, now).RemovedAny);
        var read = RowsRead(connection) - before;

        Assert.InRange(read, 1, 3 * Chunk);
        Assert.Equal(20_000L, database.Scalar<long>("SELECT COUNT(*) FROM cdrs"));
    }

    [SkippableFact]
    public void OldExportedRowsGoAChunkAStepPastPendingOnesAndTheYoungStay()
    {
        Skip.If(ReaderTestDatabase.MissingReason is not null, ReaderTestDatabase.MissingReason);
        using var database = new ReaderTestDatabase();
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        // A pending packet of a CGF that never came back, then a committed CDR not exported yet: neither holds what follows.
        Cdrs(database, 1, CdrStatus.Pending, now, ageMs: 7_200_000);
        Cdrs(database, 1, CdrStatus.Committed, now, ageMs: 7_200_000);
        Cdrs(database, 250, CdrStatus.Exported, now, ageMs: 7_200_000);
        Cdrs(database, 40, CdrStatus.Exported, now, ageMs: 60_000);
        PostgresReaderRows.Quarantined(database, 1, 1, 0, now - 7_200_000, "not well-formed BER", [0x30, 0x80]);
        PostgresReaderRows.Quarantined(database, 1, 2, 0, now - 60_000, "not well-formed BER", [0x30, 0x80]);
        using var connection = new NpgsqlConnection(database.ConnectionString);
        connection.Open();
        var retention = new PostgresRetention(TimeSpan.FromHours(1), Chunk);

        var steps = new List<RetentionStep>();
        for (var step = 0; step < 4; step++)
            steps.Add(retention.RemoveNext(connection, now));

        Assert.Equal([98, 100, 52, 0], steps.Select(s => s.Cdrs));
        Assert.Equal([1, 0, 0, 0], steps.Select(s => s.Quarantined));
        Assert.Equal([(short)0, (short)1], database.Scalar<short[]>("SELECT array_agg(status ORDER BY id) FROM cdrs WHERE received_at < @old", new { old = now - 3_600_000 }));
        Assert.Equal(40L, database.Scalar<long>("SELECT COUNT(*) FROM cdrs WHERE status = 2"));
        Assert.Equal(1L, database.Scalar<long>("SELECT COUNT(*) FROM quarantine"));
        Assert.Equal(250L, database.Scalar<long>("SELECT value FROM pool_state WHERE key = 'cdrs_removed'"));
    }
}
