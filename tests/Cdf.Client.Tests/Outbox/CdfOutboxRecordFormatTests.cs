using Cdf.Client.Tests.Infrastructure;
using Charging.CdrFiles;
using Dapper;
using Microsoft.Data.Sqlite;
using Storage.Cdf;

namespace Cdf.Client.Tests.Outbox;

/// <summary>The outbox stores each CDR's Data Record Packet identifiers (IE 252) and gives them back.</summary>
public sealed class CdfOutboxRecordFormatTests
{
    private static readonly CdrRecordFormat Rel7 = new(1, 1, 7, 6, 0);
    private static readonly CdrRecordFormat Rel17 = new(1, 1, 0, 3, 17);

    [Fact]
    public void EachCdrKeepsItsIdentifiersAcrossAReopen()
    {
        using var directory = new TempDirectory();
        var file = directory.File("cdf.db");
        using (var outbox = new CdfOutbox(file))
        {
            var changes = new OutboxChanges();
            changes.Enqueued.Add(new QueuedCdr(1, [0x30, 0x00], Rel7));
            changes.Enqueued.Add(new QueuedCdr(2, [0x30, 0x01, 0x01], Rel7));
            changes.Enqueued.Add(new QueuedCdr(3, [0x30, 0x01, 0x02]));
            changes.Enqueued.Add(new QueuedCdr(4, [0x30, 0x01, 0x03], Rel17));
            outbox.Apply(changes);
        }

        using (var outbox = new CdfOutbox(file))
        {
            Assert.Equal([Rel7, Rel7, null, Rel17], outbox.Load().Queued.Select(c => c.RecordFormat));
            var records = outbox.LoadRecords(1, 2);
            Assert.Equal(Rel7, records.RecordFormat);
            Assert.Equal([[0x30, 0x00], [0x30, 0x01, 0x01]], records.Records);
            Assert.Null(outbox.LoadRecords(3, 3).RecordFormat);
            Assert.Equal(Rel17, outbox.LoadRecords(4, 4).RecordFormat);
            Assert.Null(outbox.LoadRecords(5, 9).RecordFormat);
        }
        // Packed as the CGF packs them: format << 24 | application << 20 | release << 16 | version << 8 | extension.
        Assert.Equal([0x01170600L, 0x01170600L, null, 0x01100311L], RecordFormatColumn(file));
    }

    [Fact]
    public void AnOutboxOfTheFirstSchemaIsMigratedAndItsCdrsHaveNoIdentifiers()
    {
        using var directory = new TempDirectory();
        var file = directory.File("cdf.db");
        OutboxV1.Create(file, [[0x30, 0x00], [0x30, 0x01, 0x01]], packed: 1, "127.0.0.1:3386", sequenceNumber: 9);

        using (var outbox = new CdfOutbox(file))
        {
            var snapshot = outbox.Load();
            Assert.Equal([(2L, (CdrRecordFormat?)null)], snapshot.Queued.Select(c => (c.Id, c.RecordFormat)));
            Assert.Equal(9, Assert.Single(snapshot.Requests).SequenceNumber);
            Assert.Null(outbox.LoadRecords(1, 1).RecordFormat);
            Assert.Equal(3, outbox.NextCdrId);
            var changes = new OutboxChanges();
            changes.Enqueued.Add(new QueuedCdr(3, [0x30, 0x01, 0x02], Rel7));
            outbox.Apply(changes);
        }

        // Migrated to the current schema (v3: producer_state).
        Assert.Equal(3, OutboxV1.UserVersion(file));
        Assert.Equal([null, null, 0x01170600L], RecordFormatColumn(file));
    }

    private static List<long?> RecordFormatColumn(string file)
    {
        using var connection = new SqliteConnection($"Data Source={file};Pooling=False");
        connection.Open();
        return connection.Query<long?>("SELECT record_format FROM cdrs ORDER BY id").ToList();
    }
}
