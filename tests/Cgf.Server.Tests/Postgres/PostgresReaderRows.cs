using Storage.Cgf;

namespace Cgf.Server.Tests.Postgres;

/// <summary>Rows written with plain SQL into a PostgreSQL CGF database, as the pool's writers and exporter would leave them.</summary>
internal static class PostgresReaderRows
{
    public static void Peer(ReaderTestDatabase database, int id, string node, string address, long firstSeen, long lastSeen) =>
        database.Execute(
            "INSERT INTO peers (id, node_id, address, first_seen, last_seen) VALUES (@id, @node, @address, @firstSeen, @lastSeen)",
            new { id, node, address, firstSeen, lastSeen });

    public static void Counter(ReaderTestDatabase database, int peerId, string name, long value) =>
        database.Execute("INSERT INTO peer_counters (peer_id, name, value) VALUES (@peerId, @name, @value)", new { peerId, name, value });

    public static void Transfer(ReaderTestDatabase database, int peerId, int seq, short state, long receivedAt) =>
        database.Execute(
            "INSERT INTO transfers (peer_id, seq, kind, state, content_hash, received_at) VALUES (@peerId, @seq, 1, @state, @hash, @receivedAt)",
            new { peerId, seq, state, hash = new byte[16], receivedAt });

    /// <summary>
    /// A CDR row with its decoded columns as ingest sets them: the caller states them by hand, from what it put in
    /// <paramref name="data"/> (null for a record they cannot be decoded from).
    /// </summary>
    public static long Cdr(ReaderTestDatabase database, int peerId, int seq, int index, CdrStatus status, long receivedAt, byte[] data,
        string? imsi = null, long? chargingId = null, DateTimeOffset? opened = null, int? recordType = null, bool possiblyDuplicate = false,
        int? recordFormat = null) =>
        database.Scalar<long>(
            """
            INSERT INTO cdrs (peer_id, seq, record_index, status, possibly_duplicate, received_at, committed_at, record_format, data,
                              record_type, served_imsi, charging_id, record_opening_time)
            VALUES (@peerId, @seq, @index, @status, @possiblyDuplicate, @receivedAt, @committedAt, @format, @data,
                    @recordType, @imsi, @chargingId, @opened)
            RETURNING id
            """,
            new
            {
                peerId, seq, index, status = (short)status, possiblyDuplicate = (short)(possiblyDuplicate ? 1 : 0), receivedAt,
                committedAt = status == CdrStatus.Pending ? (long?)null : receivedAt,
                format = recordFormat ?? TestCdrs.Rel17RecordFormat, data, recordType, imsi, chargingId,
                opened = opened?.ToUnixTimeMilliseconds(),
            });

    public static long Quarantined(ReaderTestDatabase database, int peerId, int seq, int index, long receivedAt, string reason, byte[] data) =>
        database.Scalar<long>(
            """
            INSERT INTO quarantine (peer_id, seq, record_index, received_at, reason, record_format, data)
            VALUES (@peerId, @seq, @index, @receivedAt, @reason, @format, @data) RETURNING id
            """,
            new { peerId, seq, index, receivedAt, reason, format = TestCdrs.Rel17RecordFormat, data });

    /// <summary>An export file recorded by the exporter (export_batches).</summary>
    public static void ExportFile(ReaderTestDatabase database, long fileSequenceNumber, string name, long createdAt, string node = "cgf-a") =>
        database.Execute(
            """
            INSERT INTO export_batches (file_sequence_number, name, possibly_duplicate, cdr_count, file_length, sha256, first_cdr_id,
                                        last_cdr_id, created_at, node_id)
            VALUES (@fileSequenceNumber, @name, 0, 10, 1000, @sha256, 1, 10, @createdAt, @node)
            """,
            new { fileSequenceNumber, name, sha256 = new byte[32], createdAt, node });
}
