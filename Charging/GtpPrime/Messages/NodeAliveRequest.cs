using System.Net;

namespace Charging.GtpPrime.Messages;

/// <summary>Node Alive Request: Node Address M (sent as IE 251, accepted as 251 or 254), Alternative O.</summary>
public sealed record NodeAliveRequest(IPAddress NodeAddress, IPAddress? AlternativeNodeAddress = null) : GtpPrimeMessage
{
    public override GtpPrimeMessageType MessageType => GtpPrimeMessageType.NodeAliveRequest;
}
