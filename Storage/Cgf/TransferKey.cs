namespace Storage.Cgf;

/// <summary>(peer, sequence number): the identity of a request on one path (TS 32.295 §6.1.4 sequence numbers are per path).</summary>
internal readonly record struct TransferKey(int PeerId, ushort SequenceNumber);

/// <summary>What the writer remembers of the last request at a <see cref="TransferKey"/>.</summary>
internal readonly record struct TransferEntry(UInt128 Hash, TransferKind Kind, TransferState State, long ReceivedAtMs)
{
    public bool IsCommittedData =>
        Kind is TransferKind.Send or TransferKind.SendPossiblyDuplicated &&
        State is TransferState.Committed or TransferState.CommittedPossiblyDuplicate;
}
