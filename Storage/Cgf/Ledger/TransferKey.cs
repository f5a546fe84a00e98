namespace Storage.Cgf.Ledger;

/// <summary>(peer, sequence number): the identity of a request on one path (TS 32.295 §6.1.4 sequence numbers are per path).</summary>
internal readonly record struct TransferKey(int PeerId, ushort SequenceNumber);
