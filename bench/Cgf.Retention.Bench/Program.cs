using Dapper;
using Storage;
using Storage.Cgf;
using Storage.Cgf.Retention;
using System.Diagnostics;

// Cost of retention on a real database (docs/cgf-design.md "Retention"): CDR rows of 250 octets, all exported and older
// than the retention time, with their three lookup entries spread over 168 segments (a week of hourly segments);
// CdrRetention removes them chunk by chunk as the writer would. Then the cost of a lookup that seeks every segment.
// Usage: Cgf.Retention.Bench [rows] [chunk]
var rows = args.Length > 0 ? int.Parse(args[0]) : 400_000;
var chunk = args.Length > 1 ? int.Parse(args[1]) : CdrRetention.DefaultChunk;
const int Segments = 168;
var directory = Directory.CreateTempSubdirectory("cgf-retention-bench-").FullName;
var path = Path.Combine(directory, "cgf.db");
try
{
    var old = DateTimeOffset.UtcNow.AddDays(-8).ToUnixTimeMilliseconds();
    var random = new Random(17);
    using (var connection = CgfDatabase.Open(path))
    {
        var fill = Stopwatch.StartNew();
        using var transaction = connection.BeginTransaction();
        connection.Execute("INSERT INTO peers (id, address, first_seen, last_seen) VALUES (1, '192.0.2.1', 0, 0)", transaction: transaction);
        connection.Execute("DELETE FROM cdr_segments", transaction: transaction);
        using var insert = new PreparedStatement(connection,
            "INSERT INTO cdrs (id, peer_id, seq, record_index, status, received_at, committed_at, record_format, data) VALUES (?1, 1, ?2, 0, 2, ?3, ?3, 1, ?4)");
        using var imsi = new PreparedStatement(connection, "INSERT INTO cdr_index_imsi (segment, served_imsi, cdr_id) VALUES (?1, ?2, ?3)");
        using var chargingId = new PreparedStatement(connection, "INSERT INTO cdr_index_charging_id (segment, charging_id, cdr_id) VALUES (?1, ?2, ?3)");
        using var opened = new PreparedStatement(connection, "INSERT INTO cdr_index_opening_time (segment, record_opening_time, cdr_id) VALUES (?1, ?2, ?3)");
        using var segment = new PreparedStatement(connection, "INSERT INTO cdr_segments (segment, first_id, opened_at) VALUES (?1, ?2, ?3)");
        var data = new byte[250];
        var perSegment = rows / Segments;
        for (var id = 1L; id <= rows; id++)
        {
            var s = (id - 1) / perSegment;
            if ((id - 1) % perSegment == 0)
                segment.Bind(1, s).Bind(2, id).Bind(3, old).Execute();
            random.NextBytes(data);
            insert.Bind(1, id).Bind(2, id % 65536).Bind(3, old).Bind(4, data).Execute();
            imsi.Bind(1, s).Bind(2, $"26201{random.NextInt64(10_000_000_000):D10}").Bind(3, id).Execute();
            chargingId.Bind(1, s).Bind(2, random.NextInt64(uint.MaxValue)).Bind(3, id).Execute();
            opened.Bind(1, s).Bind(2, old + random.Next(3_600_000)).Bind(3, id).Execute();
        }
        connection.Execute("UPDATE cdr_index_state SET value = $rows WHERE key = 'indexed_through_id'", new { rows }, transaction);
        connection.Execute("UPDATE export_state SET value = $rows WHERE key = 'export_cursor'", new { rows }, transaction);
        transaction.Commit();
        Console.WriteLine($"filled {rows} CDRs of 250 octets, 3 lookup entries each in {Segments} segments: {fill.Elapsed.TotalSeconds:F1} s, " +
            $"file {new FileInfo(path).Length / 1e6:F1} MB");
    }

    // A lookup seeks every segment: what 168 segments cost a query.
    var probe = CdrQuery.Find(path, new CdrQueryFilter(Limit: 1)).Single();
    var query = Stopwatch.StartNew();
    const int Queries = 200;
    for (var i = 0; i < Queries; i++)
        CdrQuery.Find(path, new CdrQueryFilter(ChargingId: 12345 + i));
    Console.WriteLine($"lookup by charging ID over {Segments} segments: {query.Elapsed.TotalMilliseconds / Queries:F2} ms per query (probe id {probe.Id})");

    using (var connection = CgfDatabase.Open(path))
    {
        connection.Execute("PRAGMA synchronous=NORMAL;");
        var retention = new CdrRetention(connection, TimeSpan.FromDays(7), chunk);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var chunks = new List<double>();
        long cdrs = 0, entries = 0;
        var total = Stopwatch.StartNew();
        while (true)
        {
            var one = Stopwatch.StartNew();
            var step = retention.RemoveNext(now);
            if (!step.RemovedAny)
                break;
            chunks.Add(one.Elapsed.TotalMilliseconds);
            cdrs += step.Cdrs;
            entries += step.IndexEntries;
        }
        total.Stop();
        chunks.Sort();
        var freePages = connection.ExecuteScalar<long>("PRAGMA freelist_count;");
        Console.WriteLine($"removed {cdrs} CDRs and {entries} lookup entries in {chunks.Count} chunks of up to {chunk} rows: {total.Elapsed.TotalSeconds:F2} s, " +
            $"{total.Elapsed.TotalMicroseconds / cdrs:F2} µs per CDR with its entries; chunk p50 {chunks[chunks.Count / 2]:F1} ms, " +
            $"p99 {chunks[(int)(chunks.Count * 0.99)]:F1} ms, max {chunks[^1]:F1} ms; {freePages} pages free for reuse, file {new FileInfo(path).Length / 1e6:F1} MB");
    }
}
finally
{
    Directory.Delete(directory, recursive: true);
}
