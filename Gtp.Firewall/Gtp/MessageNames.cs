using Gtp.Firewall.Gtp.U;
using Gtp.Firewall.Gtp.V0;
using Gtp.Firewall.Gtp.V1;
using Gtp.Firewall.Gtp.V2;

namespace Gtp.Firewall.Gtp;

public static class MessageNames
{
    public static string Of(GtpProtocol protocol, byte type) => protocol switch
    {
        GtpProtocol.V0 => GtpV0MessageType.Name(type),
        GtpProtocol.V1Control => GtpV1MessageType.Name(type),
        GtpProtocol.V1User => GtpUMessageType.Name(type),
        GtpProtocol.V2Control => GtpV2MessageType.Name(type),
        GtpProtocol.GtpPrime => $"Type {type}",
        _ => "-",
    };
}
