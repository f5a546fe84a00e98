namespace Charging.GtpPrime.Messages;

public sealed record EchoRequest : GtpPrimeMessage
{
    public override GtpPrimeMessageType MessageType => GtpPrimeMessageType.EchoRequest;
}
