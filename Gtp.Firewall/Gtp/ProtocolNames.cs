namespace Gtp.Firewall.Gtp;

public static class ProtocolNames
{
    public static string Of(GtpProtocol protocol) => protocol switch
    {
        GtpProtocol.GtpPrime => "GTP'",
        GtpProtocol.V0 => "GTPv0",
        GtpProtocol.V1Control => "GTPv1-C",
        GtpProtocol.V1User => "GTPv1-U",
        GtpProtocol.V2Control => "GTPv2-C",
        _ => "non-GTP",
    };
}
