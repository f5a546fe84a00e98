namespace Charging.GtpPrime.Messages;

public sealed record VersionNotSupported : GtpPrimeMessage
{
    public override GtpPrimeMessageType MessageType => GtpPrimeMessageType.VersionNotSupported;
}
