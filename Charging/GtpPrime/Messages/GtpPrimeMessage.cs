using Charging.GtpPrime.InformationElements;
using System.Net;

namespace Charging.GtpPrime.Messages;

/// <summary>A GTP' message as plain data; the codec lives in <c>GtpPrime/Codec</c>.</summary>
public abstract record GtpPrimeMessage
{
    public abstract GtpPrimeMessageType MessageType { get; }
    public PrivateExtension? PrivateExtension { get; init; }
}

public sealed record EchoRequest : GtpPrimeMessage
{
    public override GtpPrimeMessageType MessageType => GtpPrimeMessageType.EchoRequest;
}

public sealed record EchoResponse(byte Recovery) : GtpPrimeMessage
{
    public override GtpPrimeMessageType MessageType => GtpPrimeMessageType.EchoResponse;
}

public sealed record VersionNotSupported : GtpPrimeMessage
{
    public override GtpPrimeMessageType MessageType => GtpPrimeMessageType.VersionNotSupported;
}

/// <summary>Node Alive Request: Node Address M (sent as IE 251, accepted as 251 or 254), Alternative O.</summary>
public sealed record NodeAliveRequest(IPAddress NodeAddress, IPAddress? AlternativeNodeAddress = null) : GtpPrimeMessage
{
    public override GtpPrimeMessageType MessageType => GtpPrimeMessageType.NodeAliveRequest;
}

public sealed record NodeAliveResponse : GtpPrimeMessage
{
    public override GtpPrimeMessageType MessageType => GtpPrimeMessageType.NodeAliveResponse;
}

/// <summary>Redirection Request: Cause M, Address of Recommended Node (IE 254) O, its Alternative O.</summary>
public sealed record RedirectionRequest(
    GtpPrimeCause Cause,
    IPAddress? RecommendedNode = null,
    IPAddress? AlternativeRecommendedNode = null) : GtpPrimeMessage
{
    public override GtpPrimeMessageType MessageType => GtpPrimeMessageType.RedirectionRequest;
}

public sealed record RedirectionResponse(GtpPrimeCause Cause) : GtpPrimeMessage
{
    public override GtpPrimeMessageType MessageType => GtpPrimeMessageType.RedirectionResponse;
}

/// <summary>
/// Data Record Transfer Request. <see cref="Command"/> is null when the IE was absent (answered 202).
/// PTC 1/2 carry <see cref="Packet"/>; PTC 3 carries <see cref="CancelledPackets"/>; PTC 4 <see cref="ReleasedPackets"/>.
/// </summary>
public sealed record DataRecordTransferRequest(
    PacketTransferCommand? Command,
    DataRecordPacket? Packet = null,
    IReadOnlyList<ushort>? ReleasedPackets = null,
    IReadOnlyList<ushort>? CancelledPackets = null) : GtpPrimeMessage
{
    public override GtpPrimeMessageType MessageType => GtpPrimeMessageType.DataRecordTransferRequest;
}

/// <summary>Data Record Transfer Response: Cause M, Requests Responded M (IE 253).</summary>
public sealed record DataRecordTransferResponse(GtpPrimeCause Cause, IReadOnlyList<ushort> RequestsResponded) : GtpPrimeMessage
{
    public override GtpPrimeMessageType MessageType => GtpPrimeMessageType.DataRecordTransferResponse;
}
