namespace Charging.GtpPrime;

public static class GtpPrimeMessageTypeExtensions
{
    /// <summary>True for one of the nine GTP' message types (docs/gtp-prime.md §2); anything else is unknown.</summary>
    public static bool IsDefined(this GtpPrimeMessageType type) => type switch
    {
        GtpPrimeMessageType.EchoRequest or GtpPrimeMessageType.EchoResponse or GtpPrimeMessageType.VersionNotSupported
            or GtpPrimeMessageType.NodeAliveRequest or GtpPrimeMessageType.NodeAliveResponse
            or GtpPrimeMessageType.RedirectionRequest or GtpPrimeMessageType.RedirectionResponse
            or GtpPrimeMessageType.DataRecordTransferRequest or GtpPrimeMessageType.DataRecordTransferResponse => true,
        _ => false,
    };

    /// <summary>True for the four request types, which the receiver answers.</summary>
    public static bool IsRequest(this GtpPrimeMessageType type) => type is
        GtpPrimeMessageType.EchoRequest or GtpPrimeMessageType.NodeAliveRequest
        or GtpPrimeMessageType.RedirectionRequest or GtpPrimeMessageType.DataRecordTransferRequest;

    /// <summary>The response type for a request type, or null for anything that is not a request.</summary>
    public static GtpPrimeMessageType? ResponseType(this GtpPrimeMessageType type) => type switch
    {
        GtpPrimeMessageType.EchoRequest => GtpPrimeMessageType.EchoResponse,
        GtpPrimeMessageType.NodeAliveRequest => GtpPrimeMessageType.NodeAliveResponse,
        GtpPrimeMessageType.RedirectionRequest => GtpPrimeMessageType.RedirectionResponse,
        GtpPrimeMessageType.DataRecordTransferRequest => GtpPrimeMessageType.DataRecordTransferResponse,
        _ => null,
    };
}
