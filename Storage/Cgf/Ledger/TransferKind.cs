namespace Storage.Cgf.Ledger;

/// <summary>What a Data Record Transfer Request asks for; values follow the Packet Transfer Command (IE 126).</summary>
public enum TransferKind : byte
{
    Send = 1,
    SendPossiblyDuplicated = 2,
    Cancel = 3,
    Release = 4,
    /// <summary>PTC 2 with an empty Data Record Packet: "did you commit this sequence number?" Nothing is stored.</summary>
    TestPacket = 5,
}
