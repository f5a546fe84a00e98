using Dapper;
using Microsoft.Data.Sqlite;

namespace Cdf.Client.Tests.Infrastructure;

/// <summary>Writes a CDF outbox file as version 1 of its schema made it (no identifiers stored per CDR), by hand.</summary>
internal static class OutboxV1
{
    private const string Ddl = """
        CREATE TABLE node_state (key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
        INSERT INTO node_state (key, value) VALUES ('assigned_upto', 0), ('acknowledged_cdrs', 0),
            ('parked_requests', 0), ('released_packets', 0), ('cancelled_packets', 0), ('restart_counter', 0);

        CREATE TABLE cdrs (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            enqueued_at INTEGER NOT NULL,
            data BLOB NOT NULL
        );

        CREATE TABLE paths (
            name TEXT PRIMARY KEY,
            next_seq INTEGER NOT NULL
        ) WITHOUT ROWID;

        CREATE TABLE requests (
            id INTEGER PRIMARY KEY,
            path TEXT NOT NULL,
            seq INTEGER NOT NULL,
            command INTEGER NOT NULL,
            state INTEGER NOT NULL,
            first_cdr INTEGER NOT NULL,
            last_cdr INTEGER NOT NULL,
            cdr_count INTEGER NOT NULL,
            successor_id INTEGER,
            presence INTEGER NOT NULL DEFAULT 0,
            cause INTEGER,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL
        );
        CREATE INDEX requests_successor ON requests (successor_id) WHERE successor_id IS NOT NULL;

        CREATE VIEW possibly_duplicated AS
            SELECT old.path AS old_path, old.seq AS old_seq, new.path AS new_path, new.seq AS new_seq,
                   old.presence AS old_presence, new.state AS new_state
            FROM requests old JOIN requests new ON new.id = old.successor_id;

        PRAGMA user_version = 1;
        """;

    /// <summary>
    /// An outbox with <paramref name="cdrs"/> (ids from 1); the first <paramref name="packed"/> of them are one Send
    /// request in flight to <paramref name="path"/> with <paramref name="sequenceNumber"/>, the rest queued.
    /// </summary>
    public static void Create(string file, IReadOnlyList<byte[]> cdrs, int packed, string path, ushort sequenceNumber)
    {
        using var connection = new SqliteConnection($"Data Source={file};Pooling=False");
        connection.Open();
        connection.Execute(Ddl);
        for (var i = 0; i < cdrs.Count; i++)
            connection.Execute("INSERT INTO cdrs (id, enqueued_at, data) VALUES (@id, 0, @data)", new { id = i + 1, data = cdrs[i] });
        if (packed == 0)
            return;
        connection.Execute(
            "INSERT INTO requests (id, path, seq, command, state, first_cdr, last_cdr, cdr_count, created_at, updated_at) " +
            "VALUES (1, @path, @sequenceNumber, 1, 0, 1, @packed, @packed, 0, 0)", new { path, sequenceNumber = (int)sequenceNumber, packed });
        connection.Execute("UPDATE node_state SET value = @packed WHERE key = 'assigned_upto'", new { packed });
        connection.Execute("INSERT INTO paths (name, next_seq) VALUES (@path, @next)", new { path, next = sequenceNumber + 1 });
    }

    public static int UserVersion(string file)
    {
        using var connection = new SqliteConnection($"Data Source={file};Pooling=False");
        connection.Open();
        return connection.ExecuteScalar<int>("PRAGMA user_version");
    }
}
