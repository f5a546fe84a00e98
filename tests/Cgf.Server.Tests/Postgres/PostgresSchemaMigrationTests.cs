using Dapper;
using Npgsql;
using Storage.Cgf;
using Storage.Cgf.PostgreSql;

namespace Cgf.Server.Tests.Postgres;

/// <summary>A pool database of schema version 1 (with CDRs in it) migrated to the current version when a CGF opens it.</summary>
public sealed class PostgresSchemaMigrationTests
{
    [SkippableFact]
    public void VersionOneIsMigratedAndTheCommittedContentsOfThePoolStayFound()
    {
        Skip.If(PostgresCluster.MissingReason is not null, PostgresCluster.MissingReason);
        var name = $"migrate_{Guid.NewGuid():N}"[..30];
        var database = PostgresCluster.Shared.CreateDatabase(name);
        PostgresCluster.Shared.Psql(
            PostgresSchema.Migrations[0] +
            """
            CREATE TABLE cgf_schema (version INTEGER NOT NULL);
            INSERT INTO cgf_schema VALUES (1);
            INSERT INTO peers (id, node_id, address, first_seen, last_seen) VALUES (1, 'CGFA', '192.0.2.1', 0, 0);
            -- Number 5 was used twice (the sequence space wrapped): the state is the later request's, received at 2000.
            INSERT INTO transfers VALUES (1, 5, 1, 1, '\x00112233445566778899aabbccddeeff'::bytea, 2000);
            -- Number 6 is a packet still pending, number 7 a possibly duplicated one committed after its hold time.
            INSERT INTO transfers VALUES (1, 6, 2, 2, '\xaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'::bytea, 3000);
            INSERT INTO transfers VALUES (1, 7, 2, 4, '\xbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb'::bytea, 4000);
            INSERT INTO cdrs (id, peer_id, seq, record_index, status, received_at, record_format, data, served_imsi) VALUES
                (10, 1, 5, 0, 2, 1000, 1, '\x30'::bytea, '001010123456789'),
                (11, 1, 5, 0, 1, 2000, 1, '\x31'::bytea, '001010123456780'),
                (12, 1, 5, 1, 1, 2000, 1, '\x32'::bytea, NULL),
                (13, 1, 6, 0, 0, 3000, 1, '\x33'::bytea, NULL),
                (14, 1, 7, 0, 1, 4000, 1, '\x34'::bytea, NULL);
            """, name);

        using (PostgresDatabase.Open(database))
        {
        }

        using var connection = new NpgsqlConnection(database);
        Assert.Equal(PostgresSchema.Migrations.Count, connection.ExecuteScalar<int>("SELECT MAX(version) FROM cgf_schema"));
        // Each committed request's first CDR carries its content; the earlier use of number 5 and the pending packet do not.
        var hashes = connection.Query<(long Id, string? Hash)>("SELECT id, encode(content_hash, 'hex') FROM cdrs ORDER BY id").ToList();
        Assert.Equal(
            [(10L, null), (11L, "00112233445566778899aabbccddeeff"), (12L, null), (13L, null), (14L, "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb")],
            hashes);
        Assert.Equal("hash", connection.ExecuteScalar<string>(
            "SELECT am.amname FROM pg_class c JOIN pg_am am ON am.oid = c.relam WHERE c.relname = 'cdrs_content'"));
        Assert.Null(connection.ExecuteScalar<string?>("SELECT relname FROM pg_class WHERE relname = 'transfers_committed_content'"));
        Assert.Equal("CREATE INDEX transfers_pending ON public.transfers USING btree (peer_id, seq) WHERE (state = 2)",
            connection.ExecuteScalar<string>("SELECT indexdef FROM pg_indexes WHERE indexname = 'transfers_pending'"));
        Assert.Equal(["fillfactor=70"], connection.ExecuteScalar<string[]>("SELECT reloptions FROM pg_class WHERE relname = 'transfers'")!);
        Assert.Equal("C", connection.ExecuteScalar<string>(
            "SELECT collation_name FROM information_schema.columns WHERE table_name = 'cdrs' AND column_name = 'served_imsi'"));
        // Version 3: the lookup indexes hold exported CDRs only; a lookup still finds the committed one and the exported one.
        Assert.Equal("CREATE INDEX cdrs_served_imsi ON public.cdrs USING btree (served_imsi, id) WHERE ((served_imsi IS NOT NULL) AND (status >= 2))",
            connection.ExecuteScalar<string>("SELECT indexdef FROM pg_indexes WHERE indexname = 'cdrs_served_imsi'"));
        Assert.Equal([11L], PostgresCdrQuery.Find(database, new CdrQueryFilter(ServedImsi: "001010123456780")).Select(c => c.Id));
        Assert.Equal([10L], PostgresCdrQuery.Find(database, new CdrQueryFilter(ServedImsi: "001010123456789")).Select(c => c.Id));
    }
}
