namespace Storage.Cdf;

/// <summary>The CDF outbox schema, one entry per version (PRAGMA user_version).</summary>
internal static class CdfSchema
{
    public static IReadOnlyList<string> Migrations { get; } =
    [
        // v1. cdrs: the outbox; a CDR stays until the request carrying it is acknowledged (and, after a
        // failover, until its possibly-duplicated copy is released or cancelled), or forever if parked.
        // requests: Data Record Transfer Requests per CGF path with their sequence numbers; a request
        // carries the contiguous CDR id range [first_cdr, last_cdr] (CDRs are packed in id order, and a
        // failover copy carries the same range). successor_id is the old→new mapping of a
        // possibly-duplicated failover (TS 32.295 §6.2.x; docs/gtp-prime.md §5.6).
        // paths: the next sequence number per CGF path, so numbers survive restarts.
        """
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
        """,
        // v2. record_format: the CDR's Data Record Packet identifiers (IE 252; docs/gtp-prime.md §3.1) packed as
        // CdrRecordFormat.Pack(), so a request rebuilt after a restart is byte-identical to the one sent before it
        // (the CGF's duplicate detection compares them too). NULL for rows written by v1: the options' identifiers.
        """
        ALTER TABLE cdrs ADD COLUMN record_format INTEGER;
        """,
        // v3. producer_state: opaque rows a producer commits in the same transaction as its CDRs (e.g. the firewall's
        // tunnels and open usage records), so a record and the state it changes are never apart after a crash.
        """
        CREATE TABLE producer_state (key TEXT PRIMARY KEY, value BLOB NOT NULL) WITHOUT ROWID;
        """,
    ];
}
