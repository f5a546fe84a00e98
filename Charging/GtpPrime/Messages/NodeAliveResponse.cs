namespace Charging.GtpPrime.Messages;

public sealed record NodeAliveResponse : GtpPrimeMessage
{
    public override GtpPrimeMessageType MessageType => GtpPrimeMessageType.NodeAliveResponse;
}
