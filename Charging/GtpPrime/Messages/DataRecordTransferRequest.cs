using Charging.GtpPrime.InformationElements;

namespace Charging.GtpPrime.Messages;

/// <summary>
/// Data Record Transfer Request. <see cref="Command"/> is null when the IE was absent (answered 202).
/// PTC 1/2 carry <see cref="Packet"/>; PTC 3 carries <see cref="CancelledPackets"/>; PTC 4 <see cref="ReleasedPackets"/>.
/// </summary>
public sealed record DataRecordTransferRequest(
    PacketTransferCommand? Command,
    DataRecordPacket? Packet = null,
    IReadOnlyList<ushort>? ReleasedPackets = null,
    IReadOnlyList<ushort>? CancelledPackets = null) : GtpPrimeMessage
{
    public override GtpPrimeMessageType MessageType => GtpPrimeMessageType.DataRecordTransferRequest;
}
