using Gtp.Firewall.Gtp.V0;

namespace Gtp.Firewall.Gtp;

/// <summary>Which GTP a UDP datagram carries, from its ports and first octet.</summary>
public static class GtpClassifier
{
    /// <summary>
    /// The destination port decides when it is a GTP port, else the source port (a response). On 2123 the version
    /// field (TS 29.274 §5.1: 2) separates GTPv2-C from GTPv1-C; on 3386 the PT bit separates GTP' from GTPv0.
    /// </summary>
    public static GtpProtocol Classify(ushort sourcePort, ushort destinationPort, ReadOnlySpan<byte> payload)
    {
        var port = destinationPort is GtpPorts.User or GtpPorts.Control or GtpPorts.V0AndPrime ? destinationPort : sourcePort;
        switch (port)
        {
            case GtpPorts.User:
                return GtpProtocol.V1User;
            case GtpPorts.Control:
                return payload.Length > 0 && (payload[0] >> 5) == 2 ? GtpProtocol.V2Control : GtpProtocol.V1Control;
            case GtpPorts.V0AndPrime:
                return GtpV0Header.IsGtpPrime(payload) ? GtpProtocol.GtpPrime : GtpProtocol.V0;
            default:
                return GtpProtocol.NotGtp;
        }
    }
}
