using Gtp.Firewall.Gtp;
using Gtp.Firewall.Packets;

namespace Gtp.Firewall.Inspection;

public readonly record struct PendingRequestKey(IpAddress128 Requester, IpAddress128 Responder, uint SequenceNumber, GtpProtocol Protocol);
