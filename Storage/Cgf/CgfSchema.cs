namespace Storage.Cgf;

/// <summary>The CGF database schema, one entry per version (PRAGMA user_version).</summary>
internal static class CgfSchema
{
    public static IReadOnlyList<string> Migrations { get; } =
    [
        // v1: restart counter, peers, per-(peer, sequence number) transfer state for 252/253/254 answers,
        // CDRs (pending or committed), quarantined records.
        """
        CREATE TABLE node_state (key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
        INSERT INTO node_state (key, value) VALUES ('restart_counter', 0);

        CREATE TABLE peers (
            id INTEGER PRIMARY KEY,
            address TEXT NOT NULL UNIQUE,
            first_seen INTEGER NOT NULL,
            last_seen INTEGER NOT NULL
        );

        CREATE TABLE peer_counters (
            peer_id INTEGER NOT NULL,
            name TEXT NOT NULL,
            value INTEGER NOT NULL,
            PRIMARY KEY (peer_id, name)
        ) WITHOUT ROWID;

        CREATE TABLE transfers (
            peer_id INTEGER NOT NULL,
            seq INTEGER NOT NULL,
            kind INTEGER NOT NULL,
            state INTEGER NOT NULL,
            content_hash BLOB NOT NULL,
            received_at INTEGER NOT NULL,
            PRIMARY KEY (peer_id, seq)
        ) WITHOUT ROWID;
        CREATE INDEX transfers_pending ON transfers (received_at) WHERE state = 2;

        CREATE TABLE cdrs (
            id INTEGER PRIMARY KEY,
            peer_id INTEGER NOT NULL,
            seq INTEGER NOT NULL,
            record_index INTEGER NOT NULL,
            status INTEGER NOT NULL,
            possibly_duplicate INTEGER NOT NULL DEFAULT 0,
            received_at INTEGER NOT NULL,
            committed_at INTEGER,
            record_format INTEGER NOT NULL,
            data BLOB NOT NULL
        );
        CREATE INDEX cdrs_pending ON cdrs (peer_id, seq) WHERE status = 0;

        CREATE TABLE quarantine (
            id INTEGER PRIMARY KEY,
            peer_id INTEGER NOT NULL,
            seq INTEGER NOT NULL,
            record_index INTEGER NOT NULL,
            received_at INTEGER NOT NULL,
            reason TEXT NOT NULL,
            record_format INTEGER NOT NULL,
            data BLOB NOT NULL
        );
        """,
    ];
}
