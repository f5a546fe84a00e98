using System.Net;

namespace Charging.GtpPrime.Messages;

/// <summary>Redirection Request: Cause M, Address of Recommended Node (IE 254) O, its Alternative O.</summary>
public sealed record RedirectionRequest(
    GtpPrimeCause Cause,
    IPAddress? RecommendedNode = null,
    IPAddress? AlternativeRecommendedNode = null) : GtpPrimeMessage
{
    public override GtpPrimeMessageType MessageType => GtpPrimeMessageType.RedirectionRequest;
}
