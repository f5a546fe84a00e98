using Storage.Cgf;
using Storage.Cgf.Ledger;

namespace Cgf.Server.Tests.Ledger;

/// <summary>An <see cref="ILedgerStore"/> that writes nothing and lists what it was asked to write, in order.</summary>
internal sealed class RecordingLedgerStore : ILedgerStore
{
    /// <summary>What <see cref="CommitPending"/> reports as the CDRs it committed.</summary>
    public int PendingCdrs { get; set; } = 3;

    public List<string> Calls { get; } = [];

    public void StoreRecords(TransferKey key, TransferRequest request, CdrStatus status) =>
        Calls.Add($"store {key.PeerId}/{key.SequenceNumber} {status} {request.Records.Count}");

    public int CommitPending(TransferKey key, bool possiblyDuplicate)
    {
        Calls.Add($"commit {key.PeerId}/{key.SequenceNumber}{(possiblyDuplicate ? " possibly-duplicate" : "")}");
        return PendingCdrs;
    }

    public void DeletePending(TransferKey key) => Calls.Add($"delete {key.PeerId}/{key.SequenceNumber}");

    public void Save(TransferKey key, TransferEntry entry) =>
        Calls.Add($"save {key.PeerId}/{key.SequenceNumber} {entry.Kind} {entry.State} {entry.Hash}");
}
