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

        // v2 (billing export and CDR query): fields extracted at ingest (NULL for record types not indexed),
        // written unindexed by the ingest writer; the lookup tables cdr_index_* are filled behind it, in
        // large key-sorted chunks, by CdrIndexer (random IMSI keys in a b-tree written per group commit
        // would cost ingest about half its throughput). The export scan index; exported batches and export state.
        """
        ALTER TABLE cdrs ADD COLUMN record_type INTEGER;
        ALTER TABLE cdrs ADD COLUMN served_imsi TEXT;
        ALTER TABLE cdrs ADD COLUMN charging_id INTEGER;
        ALTER TABLE cdrs ADD COLUMN local_sequence_number INTEGER;
        ALTER TABLE cdrs ADD COLUMN record_opening_time INTEGER;
        CREATE INDEX cdrs_exportable ON cdrs (possibly_duplicate, id) WHERE status = 1;

        CREATE TABLE cdr_index_imsi (served_imsi TEXT NOT NULL, cdr_id INTEGER NOT NULL, PRIMARY KEY (served_imsi, cdr_id)) WITHOUT ROWID;
        CREATE TABLE cdr_index_charging_id (charging_id INTEGER NOT NULL, cdr_id INTEGER NOT NULL, PRIMARY KEY (charging_id, cdr_id)) WITHOUT ROWID;
        CREATE TABLE cdr_index_opening_time (record_opening_time INTEGER NOT NULL, cdr_id INTEGER NOT NULL, PRIMARY KEY (record_opening_time, cdr_id)) WITHOUT ROWID;
        CREATE TABLE cdr_index_state (key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
        INSERT INTO cdr_index_state (key, value) VALUES ('indexed_through_id', 0);

        CREATE TABLE export_batches (
            id INTEGER PRIMARY KEY,
            file_sequence_number INTEGER NOT NULL UNIQUE,
            name TEXT NOT NULL,
            possibly_duplicate INTEGER NOT NULL,
            cdr_count INTEGER NOT NULL,
            file_length INTEGER NOT NULL,
            sha256 BLOB NOT NULL,
            first_cdr_id INTEGER NOT NULL,
            last_cdr_id INTEGER NOT NULL,
            created_at INTEGER NOT NULL,
            recovered INTEGER NOT NULL DEFAULT 0
        );

        CREATE TABLE export_state (key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
        INSERT INTO export_state (key, value) VALUES ('next_file_sequence_number', 1);
        """,

        // v3 (ingest cost of export bookkeeping): no index on cdrs for export. Every committed CDR put an entry
        // in cdrs_exportable and every export took it out again, about 0.8 µs per CDR on the ingest path.
        // Instead the exporter scans cdrs by rowid above export_cursor (CDRs committed on arrival have increasing
        // ids), and CDRs that became committed after their insert (released or hold-expired) are listed in
        // late_commits by the writer. Invariant: every committed, unexported CDR has id > export_cursor or is in
        // late_commits; possibly-duplicate CDRs are all in late_commits. For an existing database the cursor
        // starts below the first CDR not yet exported and the committed possibly-duplicate ones are listed.
        """
        CREATE TABLE late_commits (cdr_id INTEGER PRIMARY KEY) WITHOUT ROWID;
        INSERT INTO late_commits (cdr_id) SELECT id FROM cdrs WHERE status = 1 AND possibly_duplicate = 1;
        INSERT INTO export_state (key, value) VALUES ('export_cursor',
            COALESCE((SELECT MIN(id) - 1 FROM cdrs WHERE status IN (0, 1)), (SELECT MAX(id) FROM cdrs), 0));
        DROP INDEX cdrs_exportable;
        """,

        // v4 (ingest cost of the CDR query): ingest no longer decodes records nor writes record_type, served_imsi,
        // charging_id, local_sequence_number and record_opening_time (NULL in new rows); CdrIndexer decodes the
        // stored records into the cdr_index_* tables and CdrQuery decodes the rows above the mark and those it
        // returns. The columns stay: dropping them rewrites the whole cdrs table at start-up, and rows written
        // before v4 keep their values unused (their lookup entries, up to the mark, are what the decoder gives).
        // No statement is needed; the version itself matters: a v3 program would index new rows from the empty
        // columns, pass them with the mark and lose them from queries, and the migrator refuses a newer version.
        """
        SELECT 1;
        """,

        // v5 (retention, docs/cgf-design.md "Retention"): the lookup tables lead with a segment, a span of CDR ids
        // the indexer opened at one time (cdr_segments: segment s holds ids from its first_id up to the next
        // segment's), so that removing old entries is a delete of the first keys of each table, not a full scan
        // for cdr_id ranges; queries seek once per segment (a few hundred at most, one per span of wall time).
        // Entries of an existing database go into segment 0, which retention drops once the CDRs of segment 1 go.
        """
        CREATE TABLE cdr_segments (segment INTEGER PRIMARY KEY, first_id INTEGER NOT NULL, opened_at INTEGER NOT NULL);
        INSERT INTO cdr_segments (segment, first_id, opened_at) VALUES (0, 0, CAST(unixepoch('subsec') * 1000 AS INTEGER));

        CREATE TABLE cdr_index_imsi_v5 (segment INTEGER NOT NULL, served_imsi TEXT NOT NULL, cdr_id INTEGER NOT NULL, PRIMARY KEY (segment, served_imsi, cdr_id)) WITHOUT ROWID;
        INSERT INTO cdr_index_imsi_v5 (segment, served_imsi, cdr_id) SELECT 0, served_imsi, cdr_id FROM cdr_index_imsi;
        DROP TABLE cdr_index_imsi;
        ALTER TABLE cdr_index_imsi_v5 RENAME TO cdr_index_imsi;

        CREATE TABLE cdr_index_charging_id_v5 (segment INTEGER NOT NULL, charging_id INTEGER NOT NULL, cdr_id INTEGER NOT NULL, PRIMARY KEY (segment, charging_id, cdr_id)) WITHOUT ROWID;
        INSERT INTO cdr_index_charging_id_v5 (segment, charging_id, cdr_id) SELECT 0, charging_id, cdr_id FROM cdr_index_charging_id;
        DROP TABLE cdr_index_charging_id;
        ALTER TABLE cdr_index_charging_id_v5 RENAME TO cdr_index_charging_id;

        CREATE TABLE cdr_index_opening_time_v5 (segment INTEGER NOT NULL, record_opening_time INTEGER NOT NULL, cdr_id INTEGER NOT NULL, PRIMARY KEY (segment, record_opening_time, cdr_id)) WITHOUT ROWID;
        INSERT INTO cdr_index_opening_time_v5 (segment, record_opening_time, cdr_id) SELECT 0, record_opening_time, cdr_id FROM cdr_index_opening_time;
        DROP TABLE cdr_index_opening_time;
        ALTER TABLE cdr_index_opening_time_v5 RENAME TO cdr_index_opening_time;

        INSERT INTO node_state (key, value) VALUES ('cdrs_removed', 0), ('quarantine_removed', 0);
        """,

        // v6 (delivery to billing over SFTP, docs/delivery-design.md): one row per (export file, destination) in
        // deliveries: state 1 = renaming (the complete temporary file is on the remote side and about to take its
        // final name), 2 = delivered, 3 = missing (the file had left the export directory before it could be sent).
        // A destination is user@host:port/dir, stable across restarts and reorderings. delivery_destinations holds
        // the running state of each configured destination for `status` (written only when that state changes), and in
        // `needed` how many of them must have a file for it to count as delivered (1 in Failover mode, all in All).
        // New tables only, IF NOT EXISTS: this migration does not depend on its neighbours.
        """
        CREATE TABLE IF NOT EXISTS deliveries (
            name TEXT NOT NULL,
            destination TEXT NOT NULL,
            state INTEGER NOT NULL,
            file_length INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            recovered INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (name, destination)
        ) WITHOUT ROWID;

        CREATE TABLE IF NOT EXISTS delivery_destinations (
            destination TEXT PRIMARY KEY,
            priority INTEGER NOT NULL,
            needed INTEGER NOT NULL DEFAULT 1,
            active INTEGER NOT NULL DEFAULT 0,
            consecutive_failures INTEGER NOT NULL DEFAULT 0,
            last_success INTEGER,
            last_failure INTEGER,
            last_error TEXT
        ) WITHOUT ROWID;
        """,
    ];
}
