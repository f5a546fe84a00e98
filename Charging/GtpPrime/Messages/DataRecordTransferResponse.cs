namespace Charging.GtpPrime.Messages;

/// <summary>Data Record Transfer Response: Cause M, Requests Responded M (IE 253).</summary>
public sealed record DataRecordTransferResponse(GtpPrimeCause Cause, IReadOnlyList<ushort> RequestsResponded) : GtpPrimeMessage
{
    public override GtpPrimeMessageType MessageType => GtpPrimeMessageType.DataRecordTransferResponse;
}
