using Charging.GtpPrime.InformationElements;

namespace Charging.GtpPrime.Messages;

/// <summary>A GTP' message as plain data; the codec lives in <c>GtpPrime/Codec</c>.</summary>
public abstract record GtpPrimeMessage
{
    public abstract GtpPrimeMessageType MessageType { get; }
    public PrivateExtension? PrivateExtension { get; init; }
}
