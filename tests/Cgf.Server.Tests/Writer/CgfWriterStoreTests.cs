using Dapper;
using Microsoft.Data.Sqlite;
using Storage.Cgf;
using Storage.Cgf.Ledger;
using Storage.Cgf.Writer;

namespace Cgf.Server.Tests.Writer;

/// <summary>The rows behind each of the ledger's calls, in a real CGF database.</summary>
public sealed class CgfWriterStoreTests : IDisposable
{
    private const long Now = 5000;
    private readonly string _directory = Directory.CreateTempSubdirectory("cgf-store-").FullName;
    private readonly SqliteConnection _connection;
    private readonly PeerCounters _counters = new(outcome => $"o{(int)outcome}");
    private readonly CgfWriterStore _store;
    private readonly int _peer;

    public CgfWriterStoreTests()
    {
        _connection = CgfDatabase.Open(Path.Combine(_directory, "cgf.db"));
        _store = new CgfWriterStore(_connection, _counters) { NowMs = Now };
        _peer = Assert.Single(_store.AddPeers(["192.0.2.1"], 1000)).Id;
    }

    [Fact]
    public void StoredRecordsAreCdrsAndMalformedOnesAreQuarantined()
    {
        var request = new TransferRequest
        {
            Peer = "192.0.2.1", SequenceNumber = 7, Kind = TransferKind.Send, RecordFormat = 0x01230400, ReceivedAtMs = 4000,
            Records = [new IncomingRecord([0x30, 0x00], true), new IncomingRecord([0xFF], false, "bad"), new IncomingRecord([0x30, 0x01, 0x00], true)],
        };
        InTransaction(() => _store.StoreRecords(new TransferKey(_peer, 7), request, CdrStatus.Committed));

        var cdrs = _connection.Query<(long Seq, long Index, long Status, long? CommittedAt, long Format, byte[] Data)>(
            "SELECT seq, record_index, status, committed_at, record_format, data FROM cdrs ORDER BY id").ToList();
        Assert.Equal([(7L, 0L, 1L, (long?)Now, 0x01230400L), (7L, 2L, 1L, (long?)Now, 0x01230400L)],
            cdrs.Select(c => (c.Seq, c.Index, c.Status, c.CommittedAt, c.Format)));
        Assert.Equal([0x30, 0x01, 0x00], cdrs[1].Data);
        var quarantined = _connection.QuerySingle<(long Seq, long Index, string Reason, byte[] Data)>("SELECT seq, record_index, reason, data FROM quarantine");
        Assert.Equal((7L, 1L, "bad"), (quarantined.Seq, quarantined.Index, quarantined.Reason));
        Assert.Equal(new Dictionary<(int, string), long> { [(_peer, "quarantined")] = 1, [(_peer, "cdrsCommitted")] = 2 }, _counters.Counts.ToDictionary());
    }

    [Fact]
    public void PendingCdrsCommittedAsPossiblyDuplicateAreListedForExport()
    {
        InTransaction(() => _store.StoreRecords(new TransferKey(_peer, 7), Pending(7), CdrStatus.Pending));
        Assert.Null(_connection.ExecuteScalar<long?>("SELECT committed_at FROM cdrs"));

        var committed = 0;
        InTransaction(() => committed = _store.CommitPending(new TransferKey(_peer, 7), possiblyDuplicate: true));

        Assert.Equal(2, committed);
        Assert.Equal([(1L, 1L, Now), (1L, 1L, Now)],
            _connection.Query<(long, long, long)>("SELECT status, possibly_duplicate, committed_at FROM cdrs ORDER BY id"));
        Assert.Equal(_connection.Query<long>("SELECT id FROM cdrs ORDER BY id"), _connection.Query<long>("SELECT cdr_id FROM late_commits ORDER BY cdr_id"));
    }

    [Fact]
    public void ReleasedCdrsAreCommittedWithoutTheFlag()
    {
        InTransaction(() => _store.StoreRecords(new TransferKey(_peer, 7), Pending(7), CdrStatus.Pending));
        InTransaction(() => _store.CommitPending(new TransferKey(_peer, 7), possiblyDuplicate: false));
        Assert.Equal([(1L, 0L), (1L, 0L)], _connection.Query<(long, long)>("SELECT status, possibly_duplicate FROM cdrs"));
        Assert.Equal(2, _connection.ExecuteScalar<long>("SELECT COUNT(*) FROM late_commits"));
    }

    [Fact]
    public void CancelledCdrsAreDeletedAndCommittedOnesKept()
    {
        InTransaction(() => _store.StoreRecords(new TransferKey(_peer, 7), Pending(7), CdrStatus.Pending));
        InTransaction(() => _store.StoreRecords(new TransferKey(_peer, 8), Pending(8), CdrStatus.Committed));
        InTransaction(() => _store.DeletePending(new TransferKey(_peer, 7)));
        InTransaction(() => _store.DeletePending(new TransferKey(_peer, 8)));
        Assert.Equal([8L, 8L], _connection.Query<long>("SELECT seq FROM cdrs"));
    }

    [Fact]
    public void SavedStatesAreTheOnesLoadedAtTheNextStart()
    {
        var entry = new TransferEntry(UInt128.MaxValue - 1, TransferKind.SendPossiblyDuplicated, TransferState.Pending, 4000);
        InTransaction(() =>
        {
            _store.Save(new TransferKey(_peer, 7), entry with { State = TransferState.Committed });
            _store.Save(new TransferKey(_peer, 7), entry);
        });
        var ledger = new TransferLedger();
        _store.LoadTransfers(ledger);
        Assert.True(ledger.TryGet(new TransferKey(_peer, 7), out var loaded));
        Assert.Equal(entry, loaded);
    }

    [Fact]
    public void CountersAddUpAcrossBatchesAndLastSeenIsSet()
    {
        for (var batch = 0; batch < 2; batch++)
        {
            _counters.Clear();
            _counters.AddRequest(_peer, TransferKind.Send, TransferOutcome.Accepted, nowMs: 9000 + batch);
            InTransaction(_store.WriteCounters);
        }
        Assert.Equal([("o1", 2L), ("send", 2L)], _connection.Query<(string, long)>("SELECT name, value FROM peer_counters ORDER BY name"));
        Assert.Equal([(_peer, "192.0.2.1", 9001L)], _store.ReadPeers().Select(p => ((int)p.Id, p.Address, p.LastSeen)));
    }

    [Fact]
    public void RowsGatheredAcrossSeveralStatementsAreStoredInTheOrderTheyCame()
    {
        var count = 2 * CgfWriterStore.RowsPerStatement + 11;
        InTransaction(() =>
        {
            for (var i = 0; i < count; i++)
            {
                var request = new TransferRequest
                {
                    Peer = "192.0.2.1", SequenceNumber = (ushort)(100 + i), Kind = TransferKind.Send, RecordFormat = i, ReceivedAtMs = 1000 + i,
                    Records = [new IncomingRecord([0x04, 0x01, (byte)i], true)],
                };
                var status = i % 3 == 0 ? CdrStatus.Pending : CdrStatus.Committed;
                _store.StoreRecords(new TransferKey(_peer, request.SequenceNumber), request, status);
                _store.Save(new TransferKey(_peer, request.SequenceNumber), new TransferEntry((UInt128)i << 64, TransferKind.Send,
                    status == CdrStatus.Pending ? TransferState.Pending : TransferState.Committed, 1000 + i));
            }
        });

        var cdrs = _connection.Query<(long Seq, long Status, long? CommittedAt, long Format, long ReceivedAt, byte[] Data)>(
            "SELECT seq, status, committed_at, record_format, received_at, data FROM cdrs ORDER BY id").ToList();
        Assert.Equal(count, cdrs.Count);
        for (var i = 0; i < count; i++)
        {
            var pending = i % 3 == 0;
            Assert.Equal((100L + i, pending ? 0L : 1L, pending ? null : Now, (long)i, 1000L + i), (cdrs[i].Seq, cdrs[i].Status, cdrs[i].CommittedAt, cdrs[i].Format, cdrs[i].ReceivedAt));
            Assert.Equal([0x04, 0x01, (byte)i], cdrs[i].Data);
        }
        var ledger = new TransferLedger();
        _store.LoadTransfers(ledger);
        for (var i = 0; i < count; i++)
        {
            Assert.True(ledger.TryGet(new TransferKey(_peer, (ushort)(100 + i)), out var entry));
            Assert.Equal((UInt128)i << 64, entry.Hash);
        }
    }

    [Fact]
    public void APacketStoredPendingAndReleasedInTheSameTransactionIsCommitted()
    {
        var released = 0;
        InTransaction(() =>
        {
            _store.StoreRecords(new TransferKey(_peer, 7), Pending(7), CdrStatus.Pending);
            released = _store.CommitPending(new TransferKey(_peer, 7), possiblyDuplicate: false);
            _store.StoreRecords(new TransferKey(_peer, 8), Pending(8), CdrStatus.Pending);
            _store.DeletePending(new TransferKey(_peer, 8));
        });

        Assert.Equal(2, released);
        Assert.Equal([(7L, 1L), (7L, 1L)], _connection.Query<(long, long)>("SELECT seq, status FROM cdrs ORDER BY id"));
        Assert.Equal(2, _connection.ExecuteScalar<long>("SELECT COUNT(*) FROM late_commits"));
    }

    [Fact]
    public void RowsGatheredForATransactionThatFailedAreNeverWritten()
    {
        using (var transaction = _connection.BeginTransaction())
        {
            _store.StoreRecords(new TransferKey(_peer, 7), Pending(7), CdrStatus.Committed);
            _store.Save(new TransferKey(_peer, 7), new TransferEntry(1, TransferKind.Send, TransferState.Committed, 4000));
            transaction.Rollback();
            _store.Discard();
        }

        InTransaction(() => { });

        Assert.Equal(0, _connection.ExecuteScalar<long>("SELECT COUNT(*) FROM cdrs"));
        Assert.Equal(0, _connection.ExecuteScalar<long>("SELECT COUNT(*) FROM transfers"));
    }

    [Fact]
    public void AKnownPeerKeepsItsId() =>
        Assert.Equal([("192.0.2.1", _peer), ("192.0.2.2", _peer + 1)], _store.AddPeers(["192.0.2.1", "192.0.2.2"], 2000));

    public void Dispose()
    {
        _store.Dispose();
        _connection.Dispose();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static TransferRequest Pending(ushort sequence) => new()
    {
        Peer = "192.0.2.1", SequenceNumber = sequence, Kind = TransferKind.SendPossiblyDuplicated, ReceivedAtMs = 4000,
        Records = [new IncomingRecord([0x30, 0x00], true), new IncomingRecord([0x30, 0x00], true)],
    };

    private void InTransaction(Action action)
    {
        using var transaction = _connection.BeginTransaction();
        action();
        _store.Flush();
        transaction.Commit();
    }
}
