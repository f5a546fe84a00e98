namespace Charging.GtpPrime.Messages;

public sealed record RedirectionResponse(GtpPrimeCause Cause) : GtpPrimeMessage
{
    public override GtpPrimeMessageType MessageType => GtpPrimeMessageType.RedirectionResponse;
}
