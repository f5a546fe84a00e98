namespace Charging.GtpPrime.Messages;

public sealed record EchoResponse(byte Recovery) : GtpPrimeMessage
{
    public override GtpPrimeMessageType MessageType => GtpPrimeMessageType.EchoResponse;
}
