namespace Charging.GtpPrime.InformationElements;

/// <summary>Packet Transfer Command, IE 126 (TV, 1 octet).</summary>
public enum PacketTransferCommand : byte
{
    SendDataRecordPacket = 1,
    SendPossiblyDuplicatedDataRecordPacket = 2,
    CancelDataRecordPacket = 3,
    ReleaseDataRecordPacket = 4,
}
